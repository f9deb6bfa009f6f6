import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples (jdk.ExecutionSample) of a JFR recording, JDK only:
 *
 * <pre>
 * java bench/JfrTop.java recording.jfr [top-N] [label=substring ...]
 * </pre>
 *
 * Each {@code label=substring} adds a line to a last table: the share of samples with a frame
 * whose "class.method" contains the substring (e.g. {@code notifier=MicrometerExchangeEventNotifier}).
 *
 * <ul>
 *   <li>by thread group (thread name with digits stripped);
 *   <li>inclusive share per component: a sample counts for a component if any frame of its stack
 *       belongs to it (so shares add up to more than 100%);
 *   <li>"self" share per component: each sample is charged to the component of the frame nearest
 *       the top of the stack that belongs to one (JDK code is charged to the library calling it);
 *   <li>the top methods by samples on top of the stack, with the component they were charged to.
 * </ul>
 *
 * Execution samples only see threads running Java code; time blocked on sockets or locks is not
 * in them.
 */
public class JfrTop {

    /** Components, first match wins for "self"; order matters (more specific first). */
    static final Map<String, String[]> COMPONENTS = new LinkedHashMap<>();
    static {
        COMPONENTS.put("JSON (Jackson)", new String[] {"com.fasterxml.jackson."});
        COMPONENTS.put("LangChain4j", new String[] {"dev.langchain4j."});
        COMPONENTS.put("JDK HTTP client", new String[] {"jdk.internal.net.http.", "java.net.http."});
        COMPONENTS.put("Camel", new String[] {"org.apache.camel."});
        COMPONENTS.put("Tomcat", new String[] {"org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat."});
        COMPONENTS.put("Spring web/MVC", new String[] {"org.springframework.web.", "org.springframework.http."});
        COMPONENTS.put("Micrometer/Prometheus", new String[] {"io.micrometer.", "io.prometheus."});
        COMPONENTS.put("H2 / JDBC / Hikari", new String[] {"org.h2.", "com.zaxxer.hikari.", "org.springframework.jdbc."});
        COMPONENTS.put("Artemis/JMS", new String[] {"org.apache.activemq.", "org.springframework.jms."});
        COMPONENTS.put("Logging", new String[] {"ch.qos.logback.", "org.slf4j.", "org.apache.logging."});
        COMPONENTS.put("jtokkit (token counting)", new String[] {"com.knuddels.jtokkit."});
        COMPONENTS.put("Caravan code", new String[] {"dev.caravan."});
        COMPONENTS.put("JDK socket I/O (sun.nio)", new String[] {"sun.nio.", "sun.net."});
        COMPONENTS.put("TLS/crypto", new String[] {"sun.security.", "javax.crypto.", "com.sun.crypto."});
        COMPONENTS.put("regex", new String[] {"java.util.regex."});
        COMPONENTS.put("Spring core/beans/AOP", new String[] {"org.springframework."});
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java bench/JfrTop.java recording.jfr [top-N]");
            System.exit(2);
        }
        int topN = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, String> matches = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            matches.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Map<String, Integer> matched = new LinkedHashMap<>();
        matches.keySet().forEach(k -> matched.put(k, 0));
        int total = 0;
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> selfMethods = new HashMap<>();
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null) {
                    continue;
                }
                total++;
                RecordedThread t = e.getThread("sampledThread");
                String tname = t == null ? "?" : String.valueOf(t.getJavaName());
                threads.merge(tname.replaceAll("[0-9]+", "#"), 1, Integer::sum);
                List<RecordedFrame> frames = st.getFrames();
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String c = component(className(f));
                    if (c != null) {
                        seen.add(c);
                    }
                }
                seen.forEach(c -> inclusive.merge(c, 1, Integer::sum));
                for (Map.Entry<String, String> m : matches.entrySet()) {
                    for (RecordedFrame f : frames) {
                        if ((className(f) + "." + (f.getMethod() == null ? "" : f.getMethod().getName())).contains(m.getValue())) {
                            matched.merge(m.getKey(), 1, Integer::sum);
                            break;
                        }
                    }
                }
                if (!frames.isEmpty()) {
                    // charge the sample to the nearest component on the stack: JDK code (collections,
                    // buffers, reflection) counts for the library that called it
                    String nearest = "JDK/JVM only";
                    for (RecordedFrame f : frames) {
                        String c = component(className(f));
                        if (c != null) {
                            nearest = c;
                            break;
                        }
                    }
                    self.merge(nearest, 1, Integer::sum);
                    RecordedFrame top = frames.get(0);
                    selfMethods.merge(className(top) + "." + top.getMethod().getName() + "  [" + nearest + "]", 1, Integer::sum);
                }
            }
        }
        System.out.printf("%d execution samples%n", total);
        print("by thread (digits stripped)", threads, total, topN);
        print("inclusive: samples with a frame of the component anywhere on the stack", inclusive, total, topN);
        print("self: nearest component on the stack (JDK frames charged to their caller)", self, total, topN);
        print("self: top methods", selfMethods, total, topN);
        if (!matches.isEmpty()) {
            System.out.println();
            System.out.println("## samples with a frame matching");
            for (Map.Entry<String, Integer> e : matched.entrySet()) {
                System.out.printf("%6.1f%%  %6d  %s (%s)%n", 100.0 * e.getValue() / Math.max(1, total), e.getValue(), e.getKey(), matches.get(e.getKey()));
            }
        }
    }

    static String className(RecordedFrame f) {
        return f.getMethod() == null || f.getMethod().getType() == null ? "?" : f.getMethod().getType().getName();
    }

    static String component(String cls) {
        for (Map.Entry<String, String[]> e : COMPONENTS.entrySet()) {
            for (String prefix : e.getValue()) {
                if (cls.startsWith(prefix)) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    static void print(String title, Map<String, Integer> counts, int total, int topN) {
        System.out.println();
        System.out.println("## " + title);
        List<Map.Entry<String, Integer>> list = new ArrayList<>(counts.entrySet());
        list.sort((a, b) -> b.getValue() - a.getValue());
        for (int i = 0; i < Math.min(topN, list.size()); i++) {
            var e = list.get(i);
            System.out.printf("%6.1f%%  %6d  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getValue(), e.getKey());
        }
    }
}

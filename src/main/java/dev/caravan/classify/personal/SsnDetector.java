package dev.caravan.classify.personal;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.List;
import java.util.Set;

/**
 * US social security numbers: {@code 123-45-6789} or {@code 123 45 6789}, or 9 bare digits next to
 * SSN context (SSN, social security, SS#, or an {@code ssn} column), following the SSA rules: area
 * not 000, 666 or 900–999, group not 00, serial not 0000. The SSA's published example and
 * advertising numbers (078-05-1120, 219-09-9999, 123-45-6789) are examples, not people: never
 * reported. A dashed number right after an identifier word ({@code Part 412-34-5678},
 * {@code Case 123-45-6780}) is not an SSN unless SSN context says so.
 */
final class SsnDetector implements Detector {

    private static final Set<String> EXAMPLES = Set.of("078051120", "219099999", "123456789", "111111111",
            "333333333", "999999999");
    static final Keywords CONTEXT = new Keywords("ssn*", "=SSNs", "social security", "soc sec", "ss#", "ss #", "ss no",
            "=SS", "social sec", "sozialversicherungsnummer", "=TIN", "taxpayer id");

    @Override
    public String name() {
        return "ssn";
    }

    @Override
    public void detect(String s, int message, List<Finding> out) {
        Tables[] tables = {null};
        NumRun.scan(s, "- ", 9, run -> {
            for (int a = 0; a < run.n; a++) {
                if (a + 2 < run.n && run.shape(a, a + 2, 3, 2, 4) && run.splittable(a, a + 2)) {
                    char sep = run.separator(a, a + 2);
                    if ((sep == '-' || sep == ' ') && run.cleanWindow(a, a + 2) && valid(run.digits(a, a + 2))) {
                        int start = run.groupStart(a);
                        int end = run.groupEnd(a + 2);
                        if (tables[0] == null) {
                            tables[0] = new Tables(s);
                        }
                        boolean context = Context.has(s, start, end, CONTEXT, tables[0]);
                        if (context || (sep == '-' && !Context.idWordBefore(s, start))) {
                            out.add(new Finding(FindingType.US_SSN, message, start, end, name(), context ? 0.95 : 0.9));
                        }
                        a += 2;
                        continue;
                    }
                }
                if (run.groupLength(a) == 9 && run.splittable(a, a) && run.cleanWindow(a, a)
                        && valid(run.digits(a, a))) {
                    int start = run.groupStart(a);
                    int end = run.groupEnd(a);
                    if (tables[0] == null) {
                        tables[0] = new Tables(s);
                    }
                    if (Context.has(s, start, end, CONTEXT, tables[0])) {
                        out.add(new Finding(FindingType.US_SSN, message, start, end, name(), 0.85));
                    }
                }
            }
        });
    }

    static boolean valid(String d) {
        if (d.length() != 9 || EXAMPLES.contains(d)) {
            return false;
        }
        int area = Integer.parseInt(d, 0, 3, 10);
        int group = Integer.parseInt(d, 3, 5, 10);
        int serial = Integer.parseInt(d, 5, 9, 10);
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }
}

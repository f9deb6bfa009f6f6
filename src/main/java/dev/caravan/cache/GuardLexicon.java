package dev.caravan.cache;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The closed vocabularies of {@link SemanticGuard}. Every word is lower case. Changing any table
 * changes fingerprints, so it needs a new {@link SemanticGuard#VERSION}.
 */
final class GuardLexicon {

    private GuardLexicon() {
    }

    /**
     * Words that are never an entity, a role target or a member of the word filter: function
     * words, question words, politeness and filler, and the verbs prompts start with. A capitalised
     * word from this list is sentence case or title case, not a name.
     */
    static final Set<String> COMMON = words("""
            a an the this that these those there here it its it's itself i i'm i'd i'll i've me my mine
            myself we we're we'd we'll we've us our ours you you're you'd you'll you've your yours
            yourself he him his she her hers they them their theirs themselves one's someone something
            anyone anything everyone everything somebody anybody everybody somewhere anywhere everywhere
            what what's whats which who who's whom whose why when where how how's whether
            is are was were be been being am do does did doing done have has had having
            can could would should shall will may might must ought need needs needed
            and or but if then else so because as while until unless though although also too either
            of in on at by for with about against between into through during above below over under
            up down out off again further once upon within along across behind beyond around near per
            via onto toward towards among amongst throughout despite like unlike
            please pls plz kindly thanks thank thx cheers hi hello hey dear greetings sorry excuse
            ok okay yes yeah yep sure well just really very quite rather actually basically simply
            literally honestly maybe perhaps probably possibly certainly definitely somehow anyway
            now today's currently already still yet even ever ago soon often always sometimes
            usually normally generally typically mostly mainly especially particularly specifically
            some any many much few several such own same other another each every all both half
            more most less least lot lots bit little enough else instead rather etc e.g i.e eg ie
            tell explain describe give show help write make create generate produce provide list name
            find get let let's lets go goes going went gone come came take took put use used using
            want wanted wants know knew known think thought say said says see seen look looking
            try trying tried ask asked answer answers answered mean means meant work works working
            understand understanding learn learning teach clarify elaborate summarize summarise
            define compare contrast discuss outline detail details walk guide recommend suggest
            calculate compute solve determine estimate evaluate check verify fix debug implement
            build design draft compose rewrite rephrase paraphrase translate convert format sort
            count identify analyze analyse review improve optimize optimise refactor
            could you would you can you will you do you
            thing things way ways stuff kind sort type types example examples question questions
            answer info information something detail point points part parts step steps
            place reason reasons idea ideas difference differences people person
            good nice great fine cool awesome quick quickly simple simply easy basic main important
            best better worst worse really truly
            to from than vs versus into
            mean meaning means definition role purpose
            yourself anybody whatever whichever whoever wherever however therefore thus hence
            finally lastly next afterwards meanwhile overall briefly shortly
            first firstly secondly thirdly
            um uh uhm erm hmm oh ah aha wow btw fyi imo tbh lol ps
            wait imagine pretend assume suppose consider act share show offer pick choose select
            plan prepare keep begin continue change set update edit fix check test
            brainstorm proofread critique rate rank assess predict estimate guess
            research investigate explore examine search lookup browse
            convince persuade argue justify support explain tell
            remind recall remember forget note notice mention
            recommend advise teach cite quote reference source link attach configure setup
            organize organise manage handle deal avoid improve enhance
            additionally furthermore moreover besides likewise similarly conversely alternatively
            otherwise nevertheless nonetheless anyhow regardless accordingly consequently essentially
            ultimately eventually recently lately nowadays today tonight tomorrow yesterday
            hopefully ideally obviously clearly apparently seriously frankly personally
            create generate produce develop make build construct write rewrite
            summary overview introduction conclusion background context note notes update answer reply
            question query request task problem issue help support
            yes no maybe sure right wrong true false correct incorrect exactly
            new old big small large little long short high low
            cause causes caused causing happen happens happened happening occur occurs occurred
            require requires required match matches matched matching handle handles handled deal
            detect detects determine request requesting requested efficient efficiently
            tip tips hint hints advice
            regarding concerning related relating according based given following follows
            above-mentioned mentioned said
            would've could've should've
            """);

    /**
     * Verbs that open requests but name an action worth comparing ("paint", "book", "cook"):
     * capitalised first words of a sentence that are no name, yet content words everywhere else.
     */
    static final Set<String> SENTENCE_STARTERS = words("""
            cook bake draw paint sing play read watch hold bring buy call pay run stop start end finish
            turn move reset upgrade repair clean wash load save store open close print display output
            return grade score judge forecast study inspect claim prove disprove defend add remove delete
            include exclude draft sketch plot graph map model simulate emulate mimic copy paste cut trim
            split join merge combine mix blend separate divide multiply subtract sum total round measure
            warn coach train mentor motivate encourage inspire upload download install uninstall deploy
            host publish post submit apply register sign subscribe unsubscribe book reserve order cancel
            schedule arrange cope survive prevent reduce minimise minimize maximise maximize increase
            decrease boost send
            """);

    /** Cues that flip the meaning of a prompt; a semantic hit needs the same count on both sides. */
    static final Set<String> NEGATIONS = words("""
            not no never none nothing nobody nowhere neither nor without except excluding cannot non
            dont doesnt didnt isnt arent wasnt werent cant couldnt shouldnt wouldnt wont havent hasnt
            hadnt mustnt neednt aint
            """);

    /** Words after which a following "to" starts an infinitive or an idiom, not a destination. */
    static final Set<String> INFINITIVE_LEADS = words("""
            how want wants wanted need needs needed like love hate able unable going trying try tries
            tried way ways used use order wish plan plans planning hope have has had supposed meant
            allowed due according compared relative similar equal next close up thanks related prior
            addition respect regard regards attention access reply key important easy hard difficult
            possible impossible ready willing likely unlikely best easiest fastest simplest cheapest
            quickest better good enough me you him her us them it someone somebody people ask asked
            tell told help helps helped where what when whether why who which decide decided choose
            chose expected expect expects going got get seem seems seemed appear appears tend tends
            begin begins began start starts started continue continues fail fails failed manage
            managed learn learned learning afraid forget forgot remember remind reminds
            is are was were be been am
            """);

    /** Skipped between a directional preposition and its target. */
    static final Set<String> DETERMINERS = words("""
            the a an this that these those my your our his her their its some any each every
            city town country language state port airport station
            """);

    static final Map<String, Integer> CARDINALS = new HashMap<>();
    static final Map<String, Integer> ORDINALS = new HashMap<>();
    static final Map<String, Long> SCALES = new HashMap<>();

    static {
        String[] units = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
        String[] unitOrdinals = {"zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth"};
        for (int i = 0; i < units.length; i++) {
            CARDINALS.put(units[i], i);
            ORDINALS.put(unitOrdinals[i], i);
        }
        String[] tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        String[] tenOrdinals = {"twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth",
            "eightieth", "ninetieth"};
        for (int i = 0; i < tens.length; i++) {
            CARDINALS.put(tens[i], (i + 2) * 10);
            ORDINALS.put(tenOrdinals[i], (i + 2) * 10);
        }
        CARDINALS.put("fourty", 40);
        ORDINALS.put("hundredth", 100);
        ORDINALS.put("thousandth", 1000);
        SCALES.put("hundred", 100L);
        SCALES.put("thousand", 1_000L);
        SCALES.put("million", 1_000_000L);
        SCALES.put("billion", 1_000_000_000L);
        SCALES.put("trillion", 1_000_000_000_000L);
        SCALES.put("dozen", 12L);
    }

    /** Unit words and symbols by canonical id; a unit right after a number binds to it ({@code 5km}). */
    static final Map<String, String> UNITS = new HashMap<>();

    /** Unit spellings that only count right after a number: alone they are letters or other words. */
    static final Set<String> BOUND_ONLY = words("""
            m g l s h c f w v t j am pm a.m p.m min mins sec secs hr hrs yr yrs
            """);

    /** Units that only count right after a number, by id: counted things ("3 tips"), not units of measure. */
    static final Set<String> COUNT_UNITS = words("""
            words sentences lines pages chars
            """);

    static {
        unit("%", "% percent pct percentage");
        unit("mm", "mm millimeter millimeters millimetre millimetres");
        unit("cm", "cm centimeter centimeters centimetre centimetres");
        unit("m", "m meter meters metre metres");
        unit("km", "km kms kilometer kilometers kilometre kilometres");
        unit("mi", "mi mile miles");
        unit("ft", "ft foot feet");
        unit("in", "inch inches");
        unit("yd", "yd yard yards");
        unit("mg", "mg milligram milligrams");
        unit("g", "g gram grams gramme grammes");
        unit("kg", "kg kgs kilogram kilograms kilo kilos");
        unit("lb", "lb lbs pound pounds");
        unit("oz", "oz ounce ounces");
        unit("t", "t ton tons tonne tonnes");
        unit("ml", "ml milliliter milliliters millilitre millilitres");
        unit("l", "l liter liters litre litres");
        unit("gal", "gal gallon gallons");
        unit("cup", "cup cups");
        unit("tbsp", "tbsp tablespoon tablespoons");
        unit("tsp", "tsp teaspoon teaspoons");
        unit("pt", "pint pints");
        unit("qt", "quart quarts");
        unit("c", "c °c celsius centigrade");
        unit("f", "f °f fahrenheit");
        unit("kelvin", "kelvin kelvins");
        unit("deg", "° deg degree degrees");
        unit("ms", "ms millisecond milliseconds");
        unit("s", "s sec secs seconds");
        unit("min", "min mins minute minutes");
        unit("h", "h hr hrs hour hours");
        unit("day", "day days");
        unit("week", "week weeks");
        unit("month", "month months");
        unit("year", "year years yr yrs");
        unit("decade", "decade decades");
        unit("century", "century centuries");
        unit("byte", "byte bytes");
        unit("bit", "bit bits");
        unit("kb", "kb kilobyte kilobytes kib");
        unit("mb", "mb megabyte megabytes mib");
        unit("gb", "gb gigabyte gigabytes gib");
        unit("tb", "tb terabyte terabytes tib");
        unit("mph", "mph");
        unit("kmh", "kmh kph km/h");
        unit("kcal", "kcal cal calorie calories");
        unit("j", "j joule joules");
        unit("kwh", "kwh");
        unit("w", "w watt watts");
        unit("v", "v volt volts");
        unit("hz", "hz hertz");
        unit("mhz", "mhz megahertz");
        unit("ghz", "ghz gigahertz");
        unit("usd", "$ usd dollar dollars buck bucks");
        unit("eur", "€ eur euro euros");
        unit("gbp", "£ gbp sterling");
        unit("jpy", "¥ jpy yen");
        unit("inr", "₹ inr rupee rupees");
        unit("cny", "cny yuan rmb renminbi");
        unit("chf", "chf franc francs");
        unit("btc", "btc bitcoin bitcoins");
        unit("cent", "cent cents");
        unit("am", "am a.m");
        unit("pm", "pm p.m");
        unit("words", "word words");
        unit("sentences", "sentence sentences");
        unit("paragraphs", "paragraph paragraphs");
        unit("lines", "line lines");
        unit("pages", "page pages");
        unit("chars", "character characters chars char");
    }

    /**
     * Closed-vocabulary terms by canonical id: languages (natural and programming), formats, and
     * words with an opposite. Synonyms share an id, opposites never do.
     */
    static final Map<String, String> TERMS = new HashMap<>();

    /** For "less X" / "least X": the id of the opposite of X. */
    static final Map<String, String> OPPOSITE = new HashMap<>();

    static {
        for (String language : words("""
                english french german spanish italian portuguese dutch russian chinese japanese korean
                arabic hindi bengali urdu turkish polish swedish norwegian danish finnish greek hebrew
                thai vietnamese indonesian malay czech hungarian romanian ukrainian persian swahili
                latin tagalog catalan bulgarian croatian serbian slovak slovenian icelandic irish welsh
                esperanto cantonese punjabi tamil
                american british canadian mexican australian brazilian european african asian indian
                python java javascript typescript kotlin rust golang ruby php scala haskell perl lua
                matlab julia elixir erlang clojure dart swift sql bash powershell html css
                react angular vue django flask rails laravel nodejs docker kubernetes terraform
                postgres mysql sqlite mongodb redis kafka aws azure gcp linux windows macos ios android
                excel git graphql
                """)) {
            TERMS.put(language, language);
        }
        term("chinese", "mandarin");
        term("persian", "farsi");
        term("tagalog", "filipino");
        term("javascript", "js ecmascript");
        term("typescript", "ts");
        term("golang", "golang");
        term("c++", "c++ cpp");
        term("c#", "c# csharp");
        term("f#", "f#");
        term("nodejs", "node.js node");
        term("postgres", "postgresql psql");
        term("kubernetes", "k8s");

        term("json", "json");
        term("csv", "csv");
        term("yaml", "yaml yml");
        term("xml", "xml");
        term("markdown", "markdown");
        term("table", "table tables tabular");
        term("list", "list lists bulleted bullet bullets enumerate itemize");
        term("paragraphs", "paragraph paragraphs");
        term("essay", "essay essays");
        term("poem", "poem poems poetry verse");
        term("haiku", "haiku haikus");
        term("limerick", "limerick limericks");
        term("sonnet", "sonnet sonnets");
        term("story", "story stories");
        term("email", "email emails e-mail");
        term("tweet", "tweet tweets");
        term("summary", "summary summarize summarise summarized summarised tldr recap");
        term("diagram", "diagram diagrams");
        term("chart", "chart charts");
        term("regex", "regex regexp");
        term("pseudocode", "pseudocode");
        opposites("brief", "short shorter shortest briefly concise concisely succinct succinctly", "lengthy",
                "longer longest detailed thorough thoroughly comprehensive in-depth");
        term("formal", "formal formally professional");
        term("informal", "informal casual casually colloquial");
        term("uppercase", "uppercase upper-case capitalize capitalise capitalized");
        term("lowercase", "lowercase lower-case");

        opposites("increase", "increase increases increased increasing raise raises raised raising boost boosts"
                + " boosted grow grows grew growing rise rises rising rose gain gains",
                "decrease", "decrease decreases decreased decreasing reduce reduces reduced reducing shrink shrinks"
                + " decline declines lessen");
        opposites("high", "high higher highest", "low", "low lower lowest");
        opposites("max", "maximum maximize maximise largest biggest greatest", "min",
                "minimum minimize minimise smallest");
        opposites("big", "big bigger large larger huge", "small", "small smaller tiny");
        opposites("fast", "fast faster fastest quicker quickest", "slow", "slow slower slowest slowly");
        opposites("hot", "hot hotter hottest warm warmer warmest heat", "cold", "cold colder coldest cool cooler coolest");
        opposites("old", "old older oldest elder eldest", "young", "young younger youngest");
        opposites("latest", "latest newest recent", "earliest", "earliest");
        opposites("early", "early", "late", "late");
        opposites("before", "before prior", "after", "after");
        opposites("above", "above", "below", "below beneath");
        opposites("inside", "inside internal", "outside", "outside external");
        opposites("inner", "inner", "outer", "outer");
        opposites("cheap", "cheap cheaper cheapest inexpensive affordable", "expensive",
                "expensive pricier priciest costly pricey");
        opposites("buy", "buy buys buying bought purchase purchases purchasing", "sell", "sell sells selling sold");
        opposites("add", "add adds adding added insert inserts inserting append appends appending",
                "remove", "remove removes removing removed delete deletes deleting deleted erase");
        opposites("encrypt", "encrypt encrypts encrypting encrypted encryption",
                "decrypt", "decrypt decrypts decrypting decrypted decryption");
        opposites("encode", "encode encodes encoding encoded encoder", "decode", "decode decodes decoding decoded decoder");
        opposites("compress", "compress compresses compressing compressed compression zip",
                "decompress", "decompress decompresses decompressing decompressed decompression unzip");
        opposites("serialize", "serialize serialise serializes serializing serialization",
                "deserialize", "deserialize deserialise deserializes deserializing deserialization");
        opposites("import", "import imports importing imported", "export", "export exports exporting exported");
        opposites("upload", "upload uploads uploading uploaded", "download", "download downloads downloading downloaded");
        opposites("push", "push pushes pushing pushed", "pull", "pull pulls pulling pulled");
        opposites("open", "open opens opening opened", "close", "close closes closing closed");
        opposites("start", "start starts starting started begin begins beginning", "stop",
                "stop stops stopping stopped halt");
        opposites("enable", "enable enables enabling enabled activate", "disable",
                "disable disables disabling disabled deactivate");
        opposites("allow", "allow allows allowing allowed permit", "deny",
                "deny denies denying denied block blocks blocking blocked forbid prohibit");
        opposites("accept", "accept accepts accepting accepted", "reject", "reject rejects rejecting rejected");
        opposites("install", "install installs installing installed", "uninstall",
                "uninstall uninstalls uninstalling uninstalled");
        opposites("lock", "lock locks locking locked", "unlock", "unlock unlocks unlocking unlocked");
        opposites("login", "login log-in signin sign-in", "logout", "logout log-out signout sign-out");
        opposites("connect", "connect connects connecting connected", "disconnect", "disconnect disconnects disconnected");
        opposites("win", "win wins winning won", "lose", "lose loses losing lost loss");
        opposites("pass", "pass passes passed passing", "fail", "fail fails failed failing failure");
        opposites("true", "true", "false", "false");
        opposites("positive", "positive", "negative", "negative");
        opposites("input", "input inputs", "output", "output outputs");
        opposites("send", "send sends sending sent", "receive", "receive receives receiving received");
        opposites("asc", "ascending asc", "desc", "descending desc");
        opposites("safe", "safe safely safety secure", "dangerous",
                "dangerous unsafe harmful risky hazardous insecure toxic");
        opposites("better", "better best", "worse", "worse worst");
        opposites("pros", "pros advantages advantage benefits upsides strengths", "cons",
                "cons disadvantages disadvantage drawbacks downsides weaknesses risks dangers");
        opposites("easy", "easier easiest", "hard", "hard harder hardest difficult");
        opposites("strong", "strong stronger strongest", "weak", "weak weaker weakest");
        opposites("rich", "rich richer richest wealthy", "poor", "poor poorer poorest");
        opposites("love", "love loves loved loving", "hate", "hate hates hated hating");
        opposites("agree", "agree agrees", "disagree", "disagree disagrees");
        opposites("male", "male males", "female", "female females");
        opposites("past", "past", "future", "future");
        opposites("horizontal", "horizontal horizontally", "vertical", "vertical vertically");
        opposites("left", "left", "right", "right");
        opposites("odd", "odd", "even", "even");
        opposites("upgrade", "upgrade upgrades upgrading", "downgrade", "downgrade downgrades downgrading");
        opposites("more", "more", "less", "less fewer");
        opposites("most", "most", "least", "least fewest");
        term("all", "all every");
        opposites("always", "always", "sometimes", "sometimes occasionally");
        opposites("often", "often frequently", "rarely", "rarely seldom");
        opposites("north", "north northern", "south", "south southern");
        opposites("east", "east eastern", "west", "west western");
        opposites("today", "today", "tomorrow", "tomorrow");
        opposites("top", "top", "bottom", "bottom");
        opposites("synonym", "synonyms", "antonym", "antonyms opposite");
        opposites("derivative", "derivatives differentiate", "integral", "integrals integrate");
        term("boiling", "boiling boil boils");
        term("freezing", "freezing freeze freezes frozen");
        term("melting", "melting melt melts");
        term("bold", "bold");
        term("italic", "italic italics");
        term("underline", "underline underlined");
        term("yesterday", "yesterday");
        term("since", "since");
        term("until", "until till");
        term("morning", "morning");
        term("afternoon", "afternoon");
        term("evening", "evening");
        term("night", "night tonight");
        term("average", "average avg");
        term("median", "median");
        term("plus", "plus sum");
        term("minus", "minus subtract subtracted subtracting");
        term("times", "times multiplied multiply multiplying");
        term("div", "divided divide dividing quotient");
        term("power", "power exponent");
        term("squared", "squared");
        term("cubed", "cubed");
        term("sqrt", "sqrt");
        term("mod", "mod modulo remainder");
        term("double", "double twice doubled");
        term("triple", "triple thrice tripled");
        term("last", "last");
        for (String id : words("""
                monday tuesday wednesday thursday friday saturday sunday january february march april june
                july august september october november december summer winter autumn
                red blue green yellow black white orange purple pink brown gray silver gold
                """)) {
            TERMS.put(id, id);
        }
        term("gray", "grey");
        OPPOSITE.put("most", "least");
        OPPOSITE.put("more", "less");
    }

    /** Words read together as one term: "log in", "at least", "square root", "increasing order". */
    static final Map<String, String> BIGRAMS = Map.ofEntries(
            Map.entry("log in", "login"), Map.entry("sign in", "login"), Map.entry("log on", "login"),
            Map.entry("log out", "logout"), Map.entry("sign out", "logout"), Map.entry("log off", "logout"),
            Map.entry("turn on", "enable"), Map.entry("switch on", "enable"),
            Map.entry("turn off", "disable"), Map.entry("switch off", "disable"),
            Map.entry("at least", "atleast"), Map.entry("at most", "atmost"),
            Map.entry("square root", "sqrt"), Map.entry("cube root", "cbrt"),
            Map.entry("increasing order", "asc"), Map.entry("decreasing order", "desc"),
            Map.entry("alphabetical order", "asc"), Map.entry("reverse order", "desc"),
            Map.entry("bullet points", "list"), Map.entry("bullet point", "list"),
            Map.entry("upper case", "uppercase"), Map.entry("lower case", "lowercase"),
            Map.entry("speed up", "fast"), Map.entry("slow down", "slow"),
            Map.entry("scale up", "increase"), Map.entry("scale down", "decrease"),
            Map.entry("regular expression", "regex"), Map.entry("next week", "nextweek"),
            Map.entry("last week", "lastweek"), Map.entry("next year", "nextyear"),
            Map.entry("last year", "lastyear"), Map.entry("next month", "nextmonth"),
            Map.entry("last month", "lastmonth"));

    /** Prepositions whose objects keep their order: "9 am in London, the time in Sydney" is not the reverse. */
    static final Set<String> SLOT_PREPOSITIONS = words("""
            in at on for of with about by near against after before under over via within
            """);

    /** Words that stem to a common word are common too ("asking", "requested"). */
    static final Set<String> COMMON_STEMS;

    /** Terms by stem, for inflections the tables do not spell out ("loving", "toppled"); stems shared by two ids left out. */
    static final Map<String, String> TERM_STEMS;

    static {
        Set<String> stems = new HashSet<>();
        for (String w : COMMON) {
            stems.add(GuardStemmer.stem(w));
        }
        COMMON_STEMS = Set.copyOf(stems);
        Map<String, String> termStems = new HashMap<>();
        Set<String> clashes = new HashSet<>();
        TERMS.forEach((word, id) -> {
            String stem = GuardStemmer.stem(word);
            String known = termStems.putIfAbsent(stem, id);
            if (known != null && !known.equals(id)) {
                clashes.add(stem);
            }
        });
        clashes.forEach(termStems::remove);
        TERM_STEMS = Map.copyOf(termStems);
    }

    /** Operators whose operands cannot be swapped: the number before is tagged left, the one after right. */
    static final Set<String> ORDERED_OPERATORS = Set.of("minus", "div", "power", "mod");

    private static void unit(String id, String spellings) {
        for (String w : spellings.trim().split("\\s+")) {
            UNITS.put(w, id);
        }
    }

    private static void term(String id, String spellings) {
        for (String w : spellings.trim().split("\\s+")) {
            TERMS.put(w, id);
        }
    }

    private static void opposites(String id, String spellings, String oppositeId, String oppositeSpellings) {
        term(id, id + " " + spellings);
        term(oppositeId, oppositeId + " " + oppositeSpellings);
        OPPOSITE.put(id, oppositeId);
        OPPOSITE.put(oppositeId, id);
    }

    private static Set<String> words(String text) {
        Set<String> set = new HashSet<>();
        for (String w : text.trim().split("\\s+")) {
            set.add(w);
        }
        return Set.copyOf(set);
    }
}

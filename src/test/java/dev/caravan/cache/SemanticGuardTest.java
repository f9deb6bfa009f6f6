package dev.caravan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules of {@link SemanticGuard}, each both ways: prompts that must still be allowed to share
 * an answer, and near misses that must not. Every pair is checked in both directions.
 */
class SemanticGuardTest {

    private final SemanticGuard guard = new SemanticGuard();

    private boolean compatible(String a, String b) {
        boolean forward = guard.compatible(guard.fingerprint(a), guard.fingerprint(b));
        boolean backward = guard.compatible(guard.fingerprint(b), guard.fingerprint(a));
        assertThat(backward).as("symmetric: %s <-> %s", a, b).isEqualTo(forward);
        return forward;
    }

    // ------------------------------------------------------------------ numbers

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "What is 15% of 80?                 | what's fifteen percent of eighty",
        "What is 15 percent of 80?          | What is 15 per cent of 80?",
        "Name 3 painters from Spain         | Name three painters from Spain",
        "The budget is 1,000 dollars        | The budget is $1000",
        "What is 2.50 times 4?              | What is 2.5 times 4?",
        "Give me twenty-five words that rhyme with cat | Give me 25 words that rhyme with cat",
        "Buy a dozen eggs                   | Buy 12 eggs",
        "A city of 1.5 million people       | A city of 1500000 people",
        "Who was the second president?      | Who was the 2nd president?",
        "Which one is better, tea or coffee? | Which is better, tea or coffee?",
        "Wait a second, what is 7 plus 3?   | what is 7 plus 3",
        "What is 25% of 200?                | Of 200, what is 25%?",
        "How many tablespoons in a quarter cup? | How many tablespoons in 1/4 cup?",
    })
    void should_hit_when_the_same_numbers_are_written_differently(String a, String b) {
        assertThat(compatible(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "What is 15% of 80?                 | What is 15% of 90?",
        "What is 15% of 80?                 | What is 80% of 15?",
        "Give me 5 tips for better sleep    | Give me 10 tips for better sleep",
        "Who was the second president?      | Who was the third president?",
        "Who was the 1st president?         | Who was the president?",
        "Round pi to 2 decimal places       | Round pi to 3 decimal places",
        "John has 5 apples and gives 2 away | John has 2 apples and gives 5 away",
        "What is 2 to the power of 10?      | What is 10 to the power of 2?",
        "What is 10 minus 3?                | What is 3 minus 10?",
        "Set the timeout to 30 seconds      | Set the timeout to 30 minutes",
        "Set an alarm for 7 am              | Set an alarm for 7 pm",
    })
    void should_miss_when_a_number_or_its_unit_or_order_differs(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    // ------------------------------------------------------------------ units and direction

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Convert 5 miles to km              | How many kilometres is 5 miles?",
        "Convert 100 USD to EUR             | Convert $100 into euros",
        "Cheapest flights from Paris to Rome | Cheapest flights to Rome from Paris",
        "Translate from English to French: good night | Translate from English into French: good night",
        "Convert Celsius to Fahrenheit      | How do I convert celsius to fahrenheit?",
    })
    void should_hit_when_units_and_directions_agree(String a, String b) {
        assertThat(compatible(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Convert 5 miles to km              | Convert 5 km to miles",
        "Convert Celsius to Fahrenheit      | Convert Fahrenheit to Celsius",
        "Flights from Paris to Rome         | Flights from Rome to Paris",
        "train from london to paris         | train from paris to london",
        "Translate from English to French: the cat | Translate from French to English: the cat",
        "Is Python faster than Java?        | Is Java faster than Python?",
        "Is a whale bigger than an elephant? | Is an elephant bigger than a whale?",
        "Print numbers from 1 to 10         | Print numbers from 10 to 1",
        "What time is it in Sydney when it is 9 am in London? | What time is it in London when it is 9 am in Sydney?",
        "How many grams in a pound?         | How many grams in an ounce?",
    })
    void should_miss_when_a_unit_or_a_direction_differs(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    // ------------------------------------------------------------------ languages and formats

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Translate to French: good morning  | Translate to German: good morning",
        "How do I read a file in Python?    | How do I read a file in Java?",
        "what is thank you in japanese      | what is thank you in korean",
        "List the planets in a table        | List the planets as a bulleted list",
        "Export the data as JSON            | Export the data as CSV",
        "Explain gravity in 3 sentences     | Explain gravity in 3 paragraphs",
        "Write a poem about the ocean       | Write an essay about the ocean",
        "Write a formal email declining the offer | Write a casual email declining the offer",
    })
    void should_miss_when_the_language_or_the_format_differs(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "In Python, how do I read a CSV file? | How do I read a CSV file in Python?",
        "Give me the answer in JSON         | Answer in json please",
        "Would you kindly list the planets? | List the planets.",
        "How do I reverse a list in Python? | How do I reverse a Python list?",
    })
    void should_hit_when_the_language_and_the_format_agree(String a, String b) {
        assertThat(compatible(a, b)).isTrue();
    }

    // ------------------------------------------------------------------ negation

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Is it safe to eat raw eggs?        | Is it not safe to eat raw eggs?",
        "Why do birds fly south?            | Why don't birds fly south?",
        "Recipes with chicken               | Recipes without chicken",
        "Can dogs eat grapes?               | Can dogs never eat grapes?",
        "List the countries in Europe       | List the countries in Europe except France",
    })
    void should_miss_when_one_prompt_is_negated(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Why doesn't my code compile?       | Why does my code not compile?",
        "I can't log in, what should I do?  | I cannot log in. What should I do?",
        "how to make pancakes wihtout milk  | How to make pancakes without milk",
    })
    void should_hit_when_the_same_negation_is_spelt_differently(String a, String b) {
        assertThat(compatible(a, b)).isTrue();
    }

    // ------------------------------------------------------------------ words replaced in place

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Given a table invoices(id, client_id, issued_at, due_at, amount), count the invoices per month based on issued_at."
            + " | Given a table invoices(id, client_id, issued_at, due_at, amount), count the invoices per month based on due_at.",
        "Given tables orders(id, customer_id, total) and customers(id, name, country), return each country's total revenue."
            + " | Given tables orders(id, customer_id, total) and customers(id, name, country), return each customer's total revenue.",
        "Reply to the review about the late delivery; keep the tone apologetic and empathetic, offer a refund voucher."
            + " | Reply to the review about the late delivery; keep the tone firm and factual, offer a refund voucher.",
    })
    void should_miss_when_one_or_two_words_are_replaced_by_others_the_prompt_also_names(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
        assertThat(smallChange(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "In Python, how do I reverse a list?                       | How do I reverse a list in Python?",
        "Summarise the quarterly revenue report for the board      | Summarize the quaterly revenue report for the board",
        "Draft a polite reminder about the unpaid invoice          | Please draft a polite reminder about the unpaid invoice",
        "Name three desert animals.                                | Which three animals live in deserts?",
    })
    void should_not_count_moved_misspelt_or_added_words_as_replaced(String a, String b) {
        assertThat(smallChange(a, b)).isFalse();
    }

    private static boolean smallChange(String a, String b) {
        GuardFingerprint x = GuardFingerprint.of(new GuardExtractor(a).run());
        GuardFingerprint y = GuardFingerprint.of(new GuardExtractor(b).run());
        return GuardFingerprint.smallChange(x.sequence(), x.forms(), y.sequence(), y.forms(), x.doSupport() == y.doSupport());
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Give me a synonym for 'important'.                  | Give me synonyms for 'important'.",
        "Write an email introducing our new team member to the client. | Write an email introducing our new team members to the client.",
        "Write about 80 words of product page copy for our new noise-cancelling headphones, which have a 40-hour battery life,"
            + " a foldable design, USB-C fast charging and a built-in microphone, targeting frequent business travellers. | Write"
            + " about 80 words of product page copy for our new noise-cancelling headphones, which have a 40-hour battery life, a"
            + " foldable design, USB-C fast charging and a built-in microphone, targeting teenage gamers.",
    })
    void should_miss_when_a_few_words_are_replaced_or_a_words_number_changes_and_everything_else_stays(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
        assertThat(smallChange(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Use only function components with hooks, no class components. | Use only class components, no hooks.",
        "Make pancakes without eggs.                         | Make pancakes without milk.",
    })
    void should_miss_when_the_negations_are_about_different_things(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Should adults with a BMI over 30 be screened for sleep apnea? | Should adults with a BMI under 30 be screened for sleep apnea?",
        "List employees earning more than 50000 dollars      | List employees earning less than 50000 dollars",
        "Find flights with at least 2 stops                  | Find flights with at most 2 stops",
        "Find flights with 2 stops                           | Find flights with 2 or more stops",
    })
    void should_miss_when_a_number_is_compared_the_other_way(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Should adults with a BMI over 30 be screened for sleep apnea? | Should adults with a BMI above 30 be screened for sleep apnea?",
        "List employees earning more than 50000 dollars      | list employees who earn over 50000 dollars",
        "Find flights with at least 2 stops                  | find flights with 2 or more stops",
    })
    void should_hit_when_a_comparison_is_worded_differently(String a, String b) {
        assertThat(compatible(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "As the employer, what notice must I give before ending a fixed-term contract early? | As the employee, what notice must I"
            + " give before ending a fixed-term contract early?",
        "The defendant's lawyer wants to depose the plaintiff next month. What should the plaintiff expect? | The plaintiff's"
            + " lawyer wants to depose the defendant next month. What should the defendant expect?",
    })
    void should_miss_when_the_parties_trade_places(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "What does the Fifth Amendment protect?              | Tell me what the Fifth Amendment protects.",
        "Why isn't my CSS media query working on mobile?     | Why is my CSS media query not working on mobile?",
        "I was just wondering, what is the average salary of a nurse in Texas? | What is the average salary of a nurse in Texas?",
        "Translate 'Your order has shipped and will arrive on Thursday' into Polish. | Give me the Polish translation of 'Your"
            + " order has shipped and will arrive on Thursday'.",
    })
    void should_hit_when_a_verb_loses_its_do_support_a_negation_moves_or_filler_is_added(String a, String b) {
        assertThat(compatible(a, b)).isTrue();
    }

    // ------------------------------------------------------------------ opposites

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "How do I increase the font size?   | How do I decrease the font size?",
        "Sort the array in ascending order  | Sort the array in descending order",
        "Find the maximum value in a list   | Find the minimum value in a list",
        "The cheapest way to travel to Japan | The most expensive way to travel to Japan",
        "When is the best time to buy a house? | When is the best time to sell a house?",
        "How to encrypt a file with GPG     | How to decrypt a file with GPG",
        "What should I eat before a workout? | What should I eat after a workout?",
        "What is the largest planet?        | What is the smallest planet?",
        "Advantages of remote work          | Disadvantages of remote work",
        "What causes high blood pressure?   | What causes low blood pressure?",
        "Do all birds lay eggs?             | Do birds lay eggs?",
        "At least how many players are on a team? | At most how many players are on a team?",
        "A recipe with lots of protein      | A recipe with little protein",
    })
    void should_miss_when_a_word_is_swapped_for_its_opposite(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "The cheapest car in 2024           | The least expensive car in 2024",
        "How do I increase my credit score? | How can I raise my credit score?",
        "How do I delete a branch in git?   | How do I remove a git branch?",
        "What is the fastest way to learn Spanish? | What's the quickest way to learn Spanish?",
        "What are the pros and cons of electric cars? | What are the advantages and disadvantages of electric cars?",
        "Give me a few examples of metaphors | Give me some examples of metaphors",
        "Thanks a lot! How do I boil an egg? | How do I boil an egg?",
    })
    void should_hit_when_synonyms_replace_a_word_with_an_opposite(String a, String b) {
        assertThat(compatible(a, b)).isTrue();
    }

    // ------------------------------------------------------------------ entities, identifiers, quotes

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "What is the capital of France?     | What is the capital of Germany?",
        "Who is the CEO of Microsoft?       | Who is the CEO of Google?",
        "Tell me about Rome                 | Tell me about Athens",
        "Why is my getUserById call returning null? | Why is my getUserByEmail call returning null?",
        "How do I use os.path.join?         | How do I use os.path.split?",
        "What does user_id store?           | What does order_id store?",
        "Upgrade to gpt-4                   | Upgrade to gpt-5",
        "Translate 'see you tomorrow' into Spanish | Translate 'see you later' into Spanish",
    })
    void should_miss_when_a_name_identifier_or_quote_differs(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "what is the capital of france      | What is the capital of France?",
        "HOW DO I RESET MY PASSWORD ON GMAIL | How do I reset my password on Gmail?",
        "Explain Kubernetes Pods Vs Deployments | explain kubernetes pods vs deployments",
        "Explain the theory of relativity   | Describe the theory of relativity",
        "Why is my `getUserById` call returning null? | Why does my getUserById call return null?",
        "Translate 'where is the station?' to Italian | Translate to Italian: where is the station?",
        "What is the GDP of Germany in 2023? | Germany's GDP in 2023?",
        "How do I use HashMap in Java?      | how do i use hashmap in java",
    })
    void should_hit_when_only_casing_quoting_or_word_order_differs(String a, String b) {
        assertThat(compatible(a, b)).isTrue();
    }

    @Test
    void should_miss_when_the_code_blocks_differ() {
        // given
        String plus = "Fix this code:\n```python\nprint(x + 1)\n```";
        String minus = "Fix this code:\n```python\nprint(x - 1)\n```";
        String respaced = "Please fix this code:\n```\nprint(x  +  1)\n```";

        // when / then
        assertThat(compatible(plus, minus)).isFalse();
        assertThat(compatible(plus, respaced)).isTrue();
        assertThat(compatible(plus, "Fix this code")).isFalse();
    }

    // ------------------------------------------------------------------ one word swapped, typos

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "recipe for chocolate cake          | recipe for carrot cake",
        "how to care for a cactus           | how to care for an orchid",
        "What is the speed of sound in air? | What is the speed of sound in water?",
        "What is the time complexity of binary search? | What is the space complexity of binary search?",
    })
    void should_miss_when_exactly_one_word_is_swapped_for_another(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "what is the captial of Japan?      | What is the capital of Japan?",
        "Explain the theroy of relativity   | Explain the theory of relativity",
        "How do I recieve payments with Stripe? | How do I receive payments with Stripe?",
        "Recomend a good laptop for programing | Recommend a good laptop for programming",
        "how do i uninstal node on mac      | How do I uninstall Node on Mac?",
        "I need a regex that matches US phone numbers | Write a regular expression to match US phone numbers",
        "Is it ok to drink coffee while pregnant? | Is drinking coffee during pregnancy okay?",
        "Why is my Wi-Fi so slow at night?  | Why does my wifi get so slow at night?",
    })
    void should_hit_when_words_differ_by_a_typo_or_an_ending(String a, String b) {
        assertThat(compatible(a, b)).isTrue();
    }

    // ------------------------------------------------------------------ politeness and filler

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Please explain what a black hole is. | What is a black hole?",
        "Hi! Can you help me write a cover letter for a nursing job? Thanks! | Help me write a cover letter for a nursing job.",
        "So, basically, what is inflation?  | What is inflation?",
        "Um, what's a good way to learn to code? | What's a good way to learn to code?",
        "Merging two lists in Python - how? | How do I merge two lists in Python?",
    })
    void should_hit_when_politeness_or_filler_is_added(String a, String b) {
        assertThat(compatible(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "How do I scale up a deployment in Kubernetes?       | How do I scale down a deployment in Kubernetes?",
        "How do I check in to my flight online?              | How do I check out of my hotel online?",
        "Write a debate speech for a four-day work week      | Write a debate speech against a four-day work week",
        "How do I turn on dark mode in Slack?                | How do I turn off dark mode in Slack?",
    })
    void should_miss_when_a_directional_particle_differs(String a, String b) {
        assertThat(compatible(a, b)).isFalse();
    }

    // ------------------------------------------------------------------ strict

    private boolean strict(String a, String b) {
        boolean forward = guard.compatible(guard.fingerprint(a), guard.fingerprint(b), SemanticGuard.Strictness.STRICT);
        boolean backward = guard.compatible(guard.fingerprint(b), guard.fingerprint(a), SemanticGuard.Strictness.STRICT);
        assertThat(backward).as("symmetric: %s <-> %s", a, b).isEqualTo(forward);
        return forward;
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
        "I was just wondering, what is the average salary of a nurse in Texas? | What is the average salary of a nurse in Texas?",
        "Honestly I'm confused. What is the difference between a debit card and a credit card? | What's the difference between a"
            + " debit card and a credit card?",
        "Summarise the quarterly revenue report for the board | summarize the quaterly revenue report for the board!",
        "In Python, how do I read a CSV file?                 | How do I read a CSV file in Python?",
        "Our warehouse shipped the order to the wrong address. Write an apology. | The order was shipped to the wrong address by"
            + " our warehouse. Write an apology.",
    })
    void should_hit_strictly_when_only_filler_casing_typos_order_or_voice_differ(String a, String b) {
        assertThat(strict(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
        "Suggest a laptop for university students            | Suggest a gaming laptop for university students",
        "Write a job ad for a software engineer in our payments team in Lisbon | Write a job ad for a senior software engineer"
            + " in our payments team in Lisbon",
        "Summarize the attached meeting notes for the sales team | Summarize the attached meeting notes for the sales managers",
        "Which plants grow well on a sunny balcony?           | Which plants grow well on a windy balcony?",
    })
    void should_miss_strictly_when_a_word_is_added_inside_the_request_or_replaced(String a, String b) {
        assertThat(strict(a, b)).isFalse();
    }

    // ------------------------------------------------------------------ format of the fingerprint

    @Test
    void should_start_with_the_version_when_fingerprinting_any_prompt() {
        assertThat(guard.fingerprint("What is the capital of France?")).startsWith(SemanticGuard.VERSION + "|");
        assertThat(SemanticGuard.VERSION).isEqualTo("v3");
    }

    @Test
    void should_never_be_compatible_when_a_fingerprint_has_another_version_or_is_malformed() {
        // given
        String current = guard.fingerprint("What is the capital of France?");
        String otherVersion = "v1" + current.substring(2);

        // when / then
        assertThat(guard.compatible(current, current)).isTrue();
        assertThat(guard.compatible(otherVersion, current)).isFalse();
        assertThat(guard.compatible(current, otherVersion)).isFalse();
        assertThat(guard.compatible(otherVersion, otherVersion)).isFalse();
        assertThat(guard.compatible(null, current)).isFalse();
        assertThat(guard.compatible(current, null)).isFalse();
        assertThat(guard.compatible("", "")).isFalse();
        assertThat(guard.compatible("v2|x:1", "v2|x:1")).isFalse();
        assertThat(guard.compatible("v2|e:abc", "v2|e:abc")).isFalse();
        assertThat(guard.compatible("v2|g:many", "v2|g:many")).isFalse();
    }

    @Test
    void should_refuse_the_same_words_in_another_order_but_allow_a_part_moved_to_the_end() {
        assertThat(compatible("Acme sued Globex for patent infringement. What defenses can Globex raise?",
                "Globex sued Acme for patent infringement. What defenses can Globex raise?")).isFalse();
        assertThat(compatible("Give me the git commands to merge the feature branch into main.",
                "Give me the git commands to merge main into the feature branch.")).isFalse();
        assertThat(compatible("In Python, how do I reverse a list?", "How do I reverse a list in Python?")).isTrue();
    }

    @Test
    void should_refuse_and_for_or() {
        assertThat(compatible("Find users who signed up in 2023 and placed an order.",
                "Find users who signed up in 2023 or placed an order.")).isFalse();
    }

    @Test
    void should_fingerprint_only_the_version_when_the_prompt_is_empty() {
        // when
        String empty = guard.fingerprint("");

        // then
        assertThat(empty).isEqualTo(SemanticGuard.VERSION + "|");
        assertThat(guard.fingerprint(null)).isEqualTo(empty);
        assertThat(guard.fingerprint("   \n\t ")).isEqualTo(empty);
        assertThat(guard.compatible(empty, empty)).isTrue();
        assertThat(guard.compatible(empty, guard.fingerprint("What is 2 + 2?"))).isFalse();
    }

    @Test
    void should_keep_no_names_or_quoted_text_in_clear_when_fingerprinting() {
        // when
        String fingerprint = guard.fingerprint(
                "Ask Margaret Thatcherson about 'the secret recipe' and getUserById at https://intranet.example/x");

        // then
        assertThat(fingerprint.toLowerCase()).doesNotContain("margaret", "thatcherson", "secret", "recipe",
                "getuserbyid", "intranet");
    }

    @Test
    void should_stay_bounded_and_comparable_when_the_prompt_is_very_long() {
        // given a 200 KB prompt with many numbers, names and words
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 200_000; i++) {
            text.append("Section ").append(i).append(": the Ministry of Tourism in Region").append(i % 97)
                    .append(" reported ").append(i * 7).append(" visitors, not counting `field_").append(i)
                    .append("`; please summarise it in a table. ");
        }
        String prompt = text.toString();
        String changed = prompt.replace("reported 700 visitors", "reported 701 visitors");

        // when
        String fingerprint = guard.fingerprint(prompt);

        // then
        assertThat(fingerprint.length()).isLessThan(2_000);
        assertThat(guard.compatible(fingerprint, guard.fingerprint(prompt))).isTrue();
        assertThat(changed).isNotEqualTo(prompt);
        assertThat(guard.compatible(fingerprint, guard.fingerprint(changed))).isFalse();
    }

    @Test
    void should_tolerate_odd_input_when_fingerprinting() {
        for (String odd : new String[] {"'", "\"", "```", "```\ncode", "$", "-", "1/", "3.", "...", "'quoted", "x'",
            "😀 emoji ☃", "中文的问题是什么", "a-", "-a-", "1,", "1,000,", "$$5", "5%%", "°C", "100 per"}) {
            String fingerprint = guard.fingerprint(odd);
            assertThat(guard.compatible(fingerprint, fingerprint)).as(odd).isTrue();
        }
    }
}

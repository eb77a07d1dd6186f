package io.custodia.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, realistic mix of texts for the classification benchmark: mostly business prose of
 * varied length (prompts and answers), some code and configuration, log excerpts and tables full of
 * numbers, dates and versions that look like sensitive values but are not, and a small share of texts
 * with a real sensitive value taken from the labelled corpus.
 */
final class BenchTexts {

    private static final String[] SENTENCES = {
        "Summarise the quarterly revenue summary for the finance team in five bullet points.",
        "Draft an email to the sales team about the pricing proposal, keep it under 150 words.",
        "The Atlas rollout in Lisbon is on track for the next milestone.",
        "Costs for Beacon rose slightly because of additional licences in Denver.",
        "Customer feedback on Cobalt from Toronto highlights onboarding friction.",
        "Adoption of Helix in Zurich doubled compared with last quarter.",
        "Revenue for the third quarter reached 48.2 million, up 12 percent year on year.",
        "EMEA contributed 41 percent of bookings; North America 44 percent; APAC 15 percent.",
        "Book flights through the corporate travel portal at least fourteen days in advance.",
        "The steering group met on Tuesday to review progress and agreed the timeline still looks realistic.",
        "Please rewrite this paragraph so that a new hire can understand it without the acronyms.",
        "What are the main risks in our data migration plan for the operations team?",
        "Here is a structured overview of the options, with costs and a recommendation at the end.",
        "The vendor confirmed delivery for the end of the month and asked for the signed order form.",
        "Gross margin improved to 71 percent on lower hosting costs after the data centre migration.",
        "Translate the release notes into German and keep the product names in English.",
        "The incident started at 14:05 UTC when the cache cluster ran out of memory.",
        "We should document the decision in the project wiki and link the meeting notes.",
        "Give me a table comparing three CRM vendors on price, support and integrations.",
        "The workshop is planned for the second floor meeting room, lunch is provided.",
        "Our NPS rose from 31 to 44 after the redesign, mostly thanks to faster search.",
        "Sprint 42 closed 37 of 40 story points; the remaining three move to the next sprint.",
        "Explain the difference between a forward contract and an option to a junior analyst.",
        "List the open questions for the legal review of the master services agreement.",
        "The board presentation needs a slide on hiring, one on churn and one on the roadmap.",
        "Write a polite reminder to the suppliers that invoices are due within thirty days.",
        "Version 3.2.1 fixes the login loop; version 3.2.2 follows next week with the export fix.",
        "The office moves to 1200 Harbor Drive on 1 March, parking details will follow.",
        "Compare our churn of 2.4 percent with the industry benchmark of 3.1 percent.",
        "Suggest five names for the new analytics feature, short and easy to pronounce."};
    private static final String[] CODE = {
        "def total(items):\n    return sum(i.price * i.qty for i in items if i.active)\n",
        "SELECT region, SUM(amount) AS revenue FROM orders WHERE created_at >= '2026-01-01' GROUP BY region;\n",
        "for (int i = 0; i < rows.size(); i++) {\n    sum += rows.get(i).value();\n}\n",
        "server:\n  port: 8443\n  threads: 64\nlogging:\n  level: INFO\n",
        "const retry = async (fn, n = 3) => { try { return await fn(); } catch (e) { if (n) return retry(fn, n - 1); throw e; } };\n",
        "docker run -d -p 8080:8080 --memory 2g --name api registry.internal/api:1.14.3\n"};
    private static final String[] LOG = {
        "2026-11-03T14:05:12.481Z INFO  [worker-7] processed batch 88213 in 412 ms (rows=5000)\n",
        "2026-11-03T14:05:13.002Z WARN  [http-nio-8080-exec-3] slow request GET /api/v1/reports/7781 took 2310 ms\n",
        "2026-11-03T14:05:14.977Z ERROR [scheduler] job 4471 failed: timeout after 30000 ms, retry 2 of 5\n",
        "build 20261103.4 finished: 1843 tests, 0 failures, coverage 81.4%\n"};
    private static final String[] TABLE = {
        "| Quarter | Revenue | Growth |\n|---|---|---|\n| Q1 | 41.7 | 8% |\n| Q2 | 44.9 | 10% |\n| Q3 | 48.2 | 12% |\n",
        "region,units,price,total\nEMEA,1250,19.99,24987.50\nAPAC,730,21.50,15695.00\nNA,1980,18.75,37125.00\n",
        "ticket,opened,priority,summary\nT-10421,2026-10-02,high,Export times out\nT-10422,2026-10-02,low,Typo in template\n"};

    private BenchTexts() {
    }

    /** Texts totalling at least {@code targetChars} characters; {@code sensitive} are planted in ~5% of them. */
    static List<String> generate(long targetChars, List<String> sensitive, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> texts = new ArrayList<>();
        long total = 0;
        while (total < targetChars) {
            StringBuilder sb = new StringBuilder();
            int kind = r.nextInt(100);
            if (kind < 65) {
                int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 40 : 8);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : r.nextInt(5) == 0 ? "\n\n" : " ").append(SENTENCES[r.nextInt(SENTENCES.length)]);
                }
            } else if (kind < 80) {
                sb.append(SENTENCES[r.nextInt(SENTENCES.length)]).append("\n\n");
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    sb.append(CODE[r.nextInt(CODE.length)]);
                }
            } else if (kind < 90) {
                for (int i = 0, n = 3 + r.nextInt(20); i < n; i++) {
                    sb.append(LOG[r.nextInt(LOG.length)]);
                }
            } else {
                sb.append(TABLE[r.nextInt(TABLE.length)]);
            }
            if (!sensitive.isEmpty() && r.nextInt(100) < 5) {
                sb.append(' ').append(sensitive.get(r.nextInt(sensitive.size())));
            }
            texts.add(sb.toString());
            total += sb.length();
        }
        return texts;
    }
}

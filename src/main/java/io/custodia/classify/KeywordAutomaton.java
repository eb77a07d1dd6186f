package io.custodia.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho–Corasick over all keywords and dictionary terms of the catalogue, compiled to a dense transition
 * table so that the engine's single pass advances it with one array read per character. Hand-written
 * because the Java libraries at hand keep a map per trie node (several times slower per character) and
 * because the engine steps it inside its own loop. Matching folds case or not (case-sensitive terms get
 * an automaton of their own, so that "IN" or "IP" do not fire on every "in" or "ip") and treats every
 * whitespace character as a space. A transition into a state where terms end has its sign bit set, so
 * the scan learns of a hit from the same array read.
 */
final class KeywordAutomaton {

    /** Character → symbol; symbol 0 is "a character no term contains". */
    final char[] symbols = new char[65536];
    final int alphabet;
    /** {@code delta[state * alphabet + symbol]} = next state, negative (sign bit set) when terms end there. */
    final int[] delta;
    /** Terms ending in state s: {@code outTerms[outStart[s] .. outStart[s + 1])}. */
    final int[] outStart;
    final int[] outTerms;
    final int[] termLength;
    /** Term index (in {@code terms}) → the caller's term id. */
    final int[] termIds;

    /**
     * @param terms    the terms, lower case when folding case
     * @param ids      the caller's id of each term
     * @param foldCase match upper and title case letters as their lower case
     */
    KeywordAutomaton(List<String> terms, int[] ids, boolean foldCase) {
        this.termIds = ids;
        // alphabet: every character of every (lower-cased) term, upper/title case mapped alongside
        int next = 1;
        for (String t : terms) {
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (symbols[c] == 0) {
                    char sym = (char) next++;
                    symbols[c] = sym;
                    if (foldCase) {
                        symbols[Character.toUpperCase(c)] = sym;
                        symbols[Character.toTitleCase(c)] = sym;
                    }
                }
            }
        }
        if (symbols[' '] != 0) {
            for (int c = 0; c < 65536; c++) {
                if (Character.isWhitespace(c) || c == '\u00a0') {
                    symbols[c] = symbols[' '];
                }
            }
        }
        alphabet = next;
        termLength = new int[terms.size()];

        List<int[]> go = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        go.add(newRow());
        out.add(new ArrayList<>());
        for (int t = 0; t < terms.size(); t++) {
            String term = terms.get(t);
            termLength[t] = term.length();
            int s = 0;
            for (int i = 0; i < term.length(); i++) {
                int a = symbols[term.charAt(i)];
                if (go.get(s)[a] < 0) {
                    go.get(s)[a] = go.size();
                    go.add(newRow());
                    out.add(new ArrayList<>());
                }
                s = go.get(s)[a];
            }
            out.get(s).add(t);
        }
        int states = go.size();
        int[] fail = new int[states];
        int[] full = new int[states * alphabet];
        // breadth-first order: shallow states, where scanning ordinary text spends nearly all its time,
        // end up next to each other at the start of the table and stay in the CPU cache
        int[] order = new int[states];
        int[] rank = new int[states];
        int head = 0;
        int tail = 0;
        order[tail++] = 0;
        while (head < tail) {
            int r = order[head++];
            rank[r] = head - 1;
            for (int a = 0; a < alphabet; a++) {
                int s = go.get(r)[a];
                if (s > 0) {
                    fail[s] = r == 0 ? 0 : full[fail[r] * alphabet + a];
                    full[r * alphabet + a] = s;
                    order[tail++] = s;
                } else {
                    full[r * alphabet + a] = r == 0 ? 0 : full[fail[r] * alphabet + a];
                }
            }
            if (r != 0) {
                out.get(r).addAll(out.get(fail[r]));
            }
        }
        delta = new int[states * alphabet];
        for (int old = 0; old < states; old++) {
            int base = rank[old] * alphabet;
            for (int a = 0; a < alphabet; a++) {
                int target = full[old * alphabet + a];
                delta[base + a] = rank[target] | (out.get(target).isEmpty() ? 0 : Integer.MIN_VALUE);
            }
        }
        outStart = new int[states + 1];
        int total = 0;
        for (int st = 0; st < states; st++) {
            outStart[st] = total;
            total += out.get(order[st]).size();
        }
        outStart[states] = total;
        outTerms = new int[total];
        for (int st = 0, k = 0; st < states; st++) {
            for (int t : out.get(order[st])) {
                outTerms[k++] = ids[t];
            }
        }
    }

    private int[] newRow() {
        int[] row = new int[alphabet];
        Arrays.fill(row, -1);
        row[0] = 0;
        return row;
    }

    int states() {
        return outStart.length - 1;
    }
}

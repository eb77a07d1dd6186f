package io.custodia.classify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho–Corasick over all keywords and dictionary terms of the catalogue, compiled to a dense transition
 * table so that the engine's single pass advances it with one array read per character. Hand-written
 * because the Java libraries at hand keep a map per trie node (several times slower per character) and
 * because the engine steps it inside its own loop. Matching is case-insensitive (callers re-check
 * case-sensitive terms) and treats every whitespace character as a space.
 */
final class KeywordAutomaton {

    /** Character → symbol; symbol 0 is "a character no term contains". */
    final char[] symbols = new char[65536];
    final int alphabet;
    /** {@code delta[state * alphabet + symbol]} = next state. */
    final int[] delta;
    /** Terms ending in state s: {@code outTerms[outStart[s] .. outStart[s + 1])}. */
    final int[] outStart;
    final int[] outTerms;
    final int[] termLength;

    KeywordAutomaton(List<String> terms) {
        // alphabet: every character of every (lower-cased) term, upper/title case mapped alongside
        int next = 1;
        for (String t : terms) {
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (symbols[c] == 0) {
                    char sym = (char) next++;
                    symbols[c] = sym;
                    symbols[Character.toUpperCase(c)] = sym;
                    symbols[Character.toTitleCase(c)] = sym;
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
        delta = new int[states * alphabet];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int a = 0; a < alphabet; a++) {
            int s = go.get(0)[a];
            if (s > 0) {
                fail[s] = 0;
                delta[a] = s;
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            int r = queue.poll();
            out.get(r).addAll(out.get(fail[r]));
            for (int a = 0; a < alphabet; a++) {
                int s = go.get(r)[a];
                if (s > 0) {
                    fail[s] = delta[fail[r] * alphabet + a];
                    delta[r * alphabet + a] = s;
                    queue.add(s);
                } else {
                    delta[r * alphabet + a] = delta[fail[r] * alphabet + a];
                }
            }
        }
        outStart = new int[states + 1];
        int total = 0;
        for (int s = 0; s < states; s++) {
            outStart[s] = total;
            total += out.get(s).size();
        }
        outStart[states] = total;
        outTerms = new int[total];
        for (int s = 0, k = 0; s < states; s++) {
            for (int t : out.get(s)) {
                outTerms[k++] = t;
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

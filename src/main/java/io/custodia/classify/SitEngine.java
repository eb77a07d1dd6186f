package io.custodia.classify;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the catalogue's sensitive information types in a text in one pass over its characters, shared by
 * every SIT:
 * <ul>
 *   <li>a keyword automaton over all evidence keywords and dictionary terms advances on every character;</li>
 *   <li>at each token start, a table indexed by the next two characters says which primary patterns can
 *       start there (derived from the patterns themselves when the catalogue is compiled), and only those
 *       are tried; patterns that can start at almost any word wait for their anchor character instead
 *       ({@code @} for e-mail addresses);</li>
 *   <li>primary patterns whose every confidence level requires a keyword are searched only within
 *       proximity of that keyword's hits, after the pass.</li>
 * </ul>
 * Candidates then go through their validators, exclusions and confidence rules (evidence within the
 * proximity window, by binary search over the keyword hits). Instances are counted per SIT with the
 * highest confidence. Thread-safe: all per-text state lives in a {@link Scan}.
 */
public final class SitEngine {

    private static final int GATE_MARGIN = 256;
    private static final int EXACT = 1 << 30;
    private static final byte WORD = 1;
    private static final byte ANCHOR = 2;
    /** Token-start flags shared by all engines: letters and digits of scripts that separate words. */
    private static final byte[] WORD_CHARS = new byte[65536];
    private static final String NON_ASCII_SAMPLES = "\u00e9\u00fc\u00df\u0416\u4e2d\u00a0\u2013\u0660\uff10\u00c9";

    static {
        for (int c = 0; c < 65536; c++) {
            if (Character.isLetterOrDigit(c)) {
                UnicodeScript script = UnicodeScript.of(c);
                if (script != UnicodeScript.HAN && script != UnicodeScript.HIRAGANA && script != UnicodeScript.KATAKANA) {
                    WORD_CHARS[c] = WORD;
                }
            }
        }
    }

    private final SitCatalog catalog;
    private final CompiledSit[] sits;
    private final CompiledPrimary[] primaries;
    private final CompiledGroup[] groups;
    private final KeywordAutomaton keywords;
    private final KeywordAutomaton exactKeywords;
    /** Per automaton state: whether a term ending there feeds a gate or a dictionary primary. */
    private final boolean[] keywordStateMatters;
    private final boolean[] exactStateMatters;
    /** Terms that feed a gate or a dictionary primary. */
    private final boolean[] termMatters;
    private final ThreadLocal<Scan> scans = ThreadLocal.withInitial(Scan::new);
    private final String[] terms;
    private final boolean[] termCaseSensitive;
    private final boolean[] termWordStart;
    private final boolean[] termWordEnd;
    private final int[][] termGroups;
    private final int[][] termPrimaries;
    /** Primaries tried at token starts, by index in {@link #probed}. */
    private final CompiledPrimary[] probed;
    private final int maskWords;
    /** {@code pairMask[((c0 << 7) | c1) * maskWords + w]}: probed primaries that can start with c0 c1. */
    private final long[] pairMask;
    private final long[] singleMask;
    /** Whether any probed primary can start with this character: a 128-byte table checked first. */
    private final boolean[] singleAny;
    private final byte[] flags;
    private final CompiledPrimary[][] anchoredBy;
    /** For anchored primaries, by primary index: which first two characters can begin a match. */
    private final boolean[][] anchoredPairs;
    private final CompiledPrimary[] gated;
    /** All gated primaries' pair tables in one: {@code gatedMask[(c0 * 129 + c1) * gatedWords + w]}. */
    private final long[] gatedMask;
    private final int gatedWords;

    public SitEngine(SitCatalog catalog) {
        this.catalog = catalog;
        Map<String, Integer> sitIndex = new HashMap<>();
        for (int i = 0; i < catalog.sits().size(); i++) {
            sitIndex.put(catalog.sits().get(i).id(), i);
        }
        List<CompiledPrimary> allPrimaries = new ArrayList<>();
        List<CompiledGroup> allGroups = new ArrayList<>();
        Map<String, Integer> termIndex = new LinkedHashMap<>();
        List<List<Integer>> groupsOfTerm = new ArrayList<>();
        List<List<Integer>> primariesOfTerm = new ArrayList<>();
        List<Boolean> caseSensitive = new ArrayList<>();
        sits = new CompiledSit[catalog.sits().size()];

        for (int s = 0; s < sits.length; s++) {
            SitDefinition def = catalog.sits().get(s);
            Map<String, Integer> groupIds = new HashMap<>();
            for (EvidenceGroup g : def.evidence().values()) {
                CompiledGroup cg = new CompiledGroup(allGroups.size(), s, g.id(),
                        g.proximity() != null ? g.proximity() : def.proximity(), g.before(), g.pattern());
                allGroups.add(cg);
                groupIds.put(g.id(), cg.index);
                for (String t : g.terms()) {
                    addTerm(t, false, cg.index, -1, termIndex, groupsOfTerm, primariesOfTerm, caseSensitive);
                }
                for (String t : g.caseSensitiveTerms()) {
                    addTerm(t, true, cg.index, -1, termIndex, groupsOfTerm, primariesOfTerm, caseSensitive);
                }
            }
            Map<String, Integer> primaryIds = new HashMap<>();
            List<CompiledPrimary> own = new ArrayList<>();
            for (PrimaryElement p : def.primaries()) {
                CompiledPrimary cp = new CompiledPrimary(allPrimaries.size(), s, p);
                allPrimaries.add(cp);
                own.add(cp);
                primaryIds.put(p.id(), cp.index);
                for (String t : p.terms()) {
                    addTerm(t, false, -1, cp.index, termIndex, groupsOfTerm, primariesOfTerm, caseSensitive);
                }
            }
            Rule[] rules = new Rule[def.confidence().size()];
            for (int r = 0; r < rules.length; r++) {
                ConfidenceRule cr = def.confidence().get(r);
                rules[r] = new Rule(cr.level(), cr.primary() == null ? -1 : primaryIds.get(cr.primary()),
                        ids(cr.requires(), groupIds), ids(cr.any(), groupIds), ids(cr.not(), groupIds));
            }
            int[] yields = def.yieldsTo().stream().mapToInt(sitIndex::get).toArray();
            sits[s] = new CompiledSit(s, def, rules, yields);
            for (CompiledPrimary cp : own) {
                cp.gate = gate(cp, rules, allGroups);
            }
        }
        primaries = allPrimaries.toArray(CompiledPrimary[]::new);
        groups = allGroups.toArray(CompiledGroup[]::new);

        // keys of case-sensitive terms carry a marker so that "IP" and "ip" stay two terms
        terms = termIndex.keySet().stream().map(k -> k.startsWith("\u0001") ? k.substring(1) : k).toArray(String[]::new);
        List<String> folded = new ArrayList<>();
        List<String> exact = new ArrayList<>();
        List<Integer> foldedIds = new ArrayList<>();
        List<Integer> exactIds = new ArrayList<>();
        for (int t = 0; t < terms.length; t++) {
            if (caseSensitive.get(t)) {
                exact.add(terms[t]);
                exactIds.add(t);
            } else {
                folded.add(terms[t].toLowerCase(Locale.ROOT));
                foldedIds.add(t);
            }
        }
        keywords = new KeywordAutomaton(folded, foldedIds.stream().mapToInt(Integer::intValue).toArray(), true);
        exactKeywords = new KeywordAutomaton(exact, exactIds.stream().mapToInt(Integer::intValue).toArray(), false);
        termCaseSensitive = new boolean[terms.length];
        termWordStart = new boolean[terms.length];
        termWordEnd = new boolean[terms.length];
        termGroups = new int[terms.length][];
        termPrimaries = new int[terms.length][];
        for (int t = 0; t < terms.length; t++) {
            termCaseSensitive[t] = caseSensitive.get(t);
            termWordStart[t] = WORD_CHARS[terms[t].charAt(0)] != 0;
            termWordEnd[t] = WORD_CHARS[terms[t].charAt(terms[t].length() - 1)] != 0;
            termGroups[t] = groupsOfTerm.get(t).stream().mapToInt(Integer::intValue).toArray();
            termPrimaries[t] = primariesOfTerm.get(t).stream().mapToInt(Integer::intValue).toArray();
        }

        flags = WORD_CHARS.clone();
        List<CompiledPrimary> probedList = new ArrayList<>();
        List<CompiledPrimary> gatedList = new ArrayList<>();
        Map<Character, List<CompiledPrimary>> anchored = new HashMap<>();
        for (CompiledPrimary p : primaries) {
            if (p.pattern == null) {
                continue; // dictionaries come from the keyword automaton
            }
            if (p.gate != null) {
                gatedList.add(p);
            } else if (p.element.anchor() != null) {
                anchored.computeIfAbsent(p.element.anchor(), k -> new ArrayList<>()).add(p);
                flags[p.element.anchor()] |= ANCHOR;
            } else {
                probedList.add(p);
            }
        }
        probed = probedList.toArray(CompiledPrimary[]::new);
        gated = gatedList.toArray(CompiledPrimary[]::new);
        gatedWords = Math.max(1, (gated.length + 63) / 64);
        gatedMask = new long[128 * 129 * gatedWords];
        for (int j = 0; j < gated.length; j++) {
            gated[j].gatedIndex = j;
            boolean[] pairs = pairs(gated[j].pattern);
            for (int k = 0; k < 128 * 129; k++) {
                if (pairs[k]) {
                    gatedMask[k * gatedWords + (j >>> 6)] |= 1L << (j & 63);
                }
            }
        }

        anchoredBy = new CompiledPrimary[65536][];
        anchored.forEach((c, list) -> anchoredBy[c] = list.toArray(CompiledPrimary[]::new));
        anchoredPairs = new boolean[primaries.length][];
        anchored.values().forEach(list -> list.forEach(p -> anchoredPairs[p.index] = pairs(p.pattern)));
        termMatters = new boolean[terms.length];
        for (int t = 0; t < terms.length; t++) {
            termMatters[t] = termPrimaries[t].length > 0;
            for (int g : termGroups[t]) {
                for (CompiledPrimary p : gated) {
                    for (int gate : p.gate) {
                        termMatters[t] |= gate == g;
                    }
                }
            }
        }
        keywordStateMatters = stateMatters(keywords, termMatters);
        exactStateMatters = stateMatters(exactKeywords, termMatters);
        maskWords = Math.max(1, (probed.length + 63) / 64);
        pairMask = new long[128 * 128 * maskWords];
        singleMask = new long[128 * maskWords];
        for (int j = 0; j < probed.length; j++) {
            probe(j, probed[j].pattern);
        }
        singleAny = new boolean[128];
        for (int c0 = 0; c0 < 128; c0++) {
            for (int w = 0; w < maskWords; w++) {
                singleAny[c0] |= singleMask[c0 * maskWords + w] != 0;
            }
        }
    }

    private static boolean[] stateMatters(KeywordAutomaton a, boolean[] termMatters) {
        boolean[] m = new boolean[a.states()];
        for (int st = 0; st < m.length; st++) {
            for (int k = a.outStart[st]; k < a.outStart[st + 1]; k++) {
                m[st] |= termMatters[a.outTerms[k]];
            }
        }
        return m;
    }

    private void addTerm(String raw, boolean cs, int group, int primary, Map<String, Integer> termIndex,
                         List<List<Integer>> groupsOfTerm, List<List<Integer>> primariesOfTerm, List<Boolean> caseSensitive) {
        String t = raw.strip().replaceAll("\\s+", " ");
        String key = cs ? t : t.toLowerCase(Locale.ROOT);
        // a case-sensitive term is stored as written; the automaton folds case, the scan re-checks it
        String id = (cs ? "\u0001" : "") + key;
        Integer index = termIndex.get(id);
        if (index == null) {
            index = termIndex.size();
            termIndex.put(id, index);
            groupsOfTerm.add(new ArrayList<>());
            primariesOfTerm.add(new ArrayList<>());
            caseSensitive.add(cs);
        }
        if (group >= 0 && !groupsOfTerm.get(index).contains(group)) {
            groupsOfTerm.get(index).add(group);
        }
        if (primary >= 0 && !primariesOfTerm.get(index).contains(primary)) {
            primariesOfTerm.get(index).add(primary);
        }
    }

    private static int[] ids(List<String> names, Map<String, Integer> groupIds) {
        return names.stream().mapToInt(groupIds::get).toArray();
    }

    /**
     * Keyword groups near which a primary must be to reach any confidence level, or null when some level
     * needs no keyword. Such a primary is searched only around those keywords.
     */
    private static int[] gate(CompiledPrimary p, Rule[] rules, List<CompiledGroup> groups) {
        List<Integer> gate = new ArrayList<>();
        for (Rule r : rules) {
            if (r.primary >= 0 && r.primary != p.index) {
                continue;
            }
            int chosen = -1;
            for (int g : r.requires) {
                if (groups.get(g).pattern == null) {
                    chosen = g;
                    break;
                }
            }
            if (chosen >= 0) {
                if (!gate.contains(chosen)) {
                    gate.add(chosen);
                }
                continue;
            }
            boolean anyTerms = r.any.length > 0;
            for (int g : r.any) {
                anyTerms &= groups.get(g).pattern == null;
            }
            if (!anyTerms) {
                return null;
            }
            for (int g : r.any) {
                if (!gate.contains(g)) {
                    gate.add(g);
                }
            }
        }
        return gate.isEmpty() ? null : gate.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Which first two characters can begin a match of probed primary j (asked of the pattern itself). */
    private void probe(int j, Pattern pattern) {
        int word = j >>> 6;
        long bit = 1L << (j & 63);
        for (int c0 = 0; c0 < 128; c0++) {
            String[] firsts = samples(c0);
            boolean any = false;
            for (String f : firsts) {
                any |= canStart(pattern, f);
            }
            if (!any) {
                continue;
            }
            singleMask[c0 * maskWords + word] |= bit;
            for (int c1 = 0; c1 < 128; c1++) {
                boolean pair = false;
                for (String f : firsts) {
                    for (String s : samples(c1)) {
                        if (canStart(pattern, f + s)) {
                            pair = true;
                            break;
                        }
                    }
                    if (pair) {
                        break;
                    }
                }
                if (pair) {
                    pairMask[((c0 << 7) | c1) * maskWords + word] |= bit;
                }
            }
        }
    }

    /** The same probe as {@link #probe} as a plain table (c0 = 127, c1 = 127 stand for non-ASCII; c1 = 128 for the end). */
    private static boolean[] pairs(Pattern pattern) {
        boolean[] t = new boolean[128 * 129];
        for (int c0 = 0; c0 < 128; c0++) {
            String[] firsts = samples(c0);
            boolean any = false;
            for (String f : firsts) {
                any |= canStart(pattern, f);
            }
            if (!any) {
                continue;
            }
            t[c0 * 129 + 128] = true;
            for (int c1 = 0; c1 < 128; c1++) {
                outer:
                for (String f : firsts) {
                    for (String x : samples(c1)) {
                        if (canStart(pattern, f + x)) {
                            t[c0 * 129 + c1] = true;
                            break outer;
                        }
                    }
                }
            }
        }
        return t;
    }

    private static String[] samples(int c) {
        if (c < 127) {
            return new String[]{String.valueOf((char) c)};
        }
        String[] out = new String[NON_ASCII_SAMPLES.length() + 1];
        out[0] = "\u007f";
        for (int i = 0; i < NON_ASCII_SAMPLES.length(); i++) {
            out[i + 1] = String.valueOf(NON_ASCII_SAMPLES.charAt(i));
        }
        return out;
    }

    private static boolean canStart(Pattern p, String prefix) {
        Matcher m = p.matcher(prefix);
        return m.lookingAt() || m.hitEnd();
    }

    public SitCatalog catalog() {
        return catalog;
    }

    // ================================================================== scanning

    /** What one classification did: characters the main pass read, and pattern attempts it made. */
    record ScanStats(Classification result, long charsScanned, long patternAttempts) {
    }

    /** For tests: the result plus proof of a single pass over the text. */
    ScanStats classifyWithStats(String text) {
        Classification c = classify(text);
        Scan scan = scans.get();
        return new ScanStats(c, scan.lastChars, scan.lastAttempts);
    }

    public Classification classify(String text) {
        if (text == null || text.isEmpty()) {
            return Classification.NONE;
        }
        Scan scan = scans.get();
        scan.reset(text);
        try {
            scan.pass();
            if (scan.candidates.isEmpty() && !scan.keywordsMatter) {
                return Classification.NONE; // nothing to validate and no keyword that could gate a pattern
            }
            scan.distributeKeywordHits();
            scan.gatedPrimaries();
            return scan.evaluate();
        } finally {
            scan.reset(null);
        }
    }

    /** State of one classification. */
    private final class Scan {

        String text;
        int n;
        final Matcher[] matchers = new Matcher[primaries.length];
        final boolean[] matcherReady = new boolean[primaries.length];
        final int[] nextAllowed = new int[primaries.length];
        /** Keyword hits per group: start, end pairs in order of end. */
        final int[][] hits = new int[groups.length][];
        final int[] hitCount = new int[groups.length];
        final List<Candidate> candidates = new ArrayList<>();
        /** Pattern evidence, evaluated lazily per candidate window. */
        final Map<Long, Boolean> patternEvidence = new HashMap<>();
        /** Raw automaton hits of the pass: state (exact automaton: bit 30 set) and end. */
        int[] rawState = new int[64];
        int[] rawEnd = new int[64];
        int rawCount;
        boolean keywordsMatter;
        /** Characters read by the last main pass and pattern attempts of the last text (for tests). */
        long lastChars;
        long lastAttempts;
        /** The text's characters: array reads are cheaper than String.charAt in the hot loop. */
        char[] buffer = new char[4096];

        void reset(String text) {
            this.text = text;
            this.n = text == null ? 0 : text.length();
            Arrays.fill(matcherReady, false);
            Arrays.fill(nextAllowed, 0);
            Arrays.fill(hitCount, 0);
            candidates.clear();
            patternEvidence.clear();
            rawCount = 0;
            keywordsMatter = false;
            if (text != null) {
                lastChars = 0;
                lastAttempts = 0;
            }

        }

        Matcher matcher(CompiledPrimary p) {
            Matcher m = matchers[p.index];
            if (m == null) {
                m = p.pattern.matcher(text);
                m.useTransparentBounds(true);
                m.useAnchoringBounds(false);
                matchers[p.index] = m;
            } else if (!matcherReady[p.index]) {
                m.reset(text);
            }
            matcherReady[p.index] = true;
            return m;
        }

        void pass() {
            if (buffer.length < n) {
                buffer = new char[Math.max(n, buffer.length * 2)];
            }
            text.getChars(0, n, buffer, 0);
            final char[] s = buffer;
            final int len = n;
            final byte[] f = flags;
            final char[] sym = keywords.symbols;
            final int[] delta = keywords.delta;
            final int alphabet = keywords.alphabet;
            final char[] xsym = exactKeywords.symbols;
            final int[] xdelta = exactKeywords.delta;
            final int xalphabet = exactKeywords.alphabet;
            int xstate = 0;
            final long[] pair = pairMask;
            final int words = maskWords;
            final boolean probing = probed.length > 0;
            int state = 0;
            boolean prevWord = false;
            for (int i = 0; i < len; i++) {
                char c = s[i];
                byte flag = f[c];
                if (!prevWord && probing && singleAny[c < 128 ? c : 127]) {
                    int c0 = c < 128 ? c : 127;
                    int base;
                    long[] table;
                    if (i + 1 < len) {
                        char d = s[i + 1];
                        base = ((c0 << 7) | (d < 128 ? d : 127)) * words;
                        table = pair;
                    } else {
                        base = c0 * words;
                        table = singleMask;
                    }
                    for (int w = 0; w < words; w++) {
                        long m = table[base + w];
                        while (m != 0) {
                            int j = (w << 6) + Long.numberOfTrailingZeros(m);
                            m &= m - 1;
                            tryAt(probed[j], i);
                        }
                    }
                }
                if ((flag & ANCHOR) != 0) {
                    for (CompiledPrimary p : anchoredBy[c]) {
                        tryAround(p, i);
                    }
                }
                int v = delta[state * alphabet + sym[c]];
                state = v & Integer.MAX_VALUE;
                if (v < 0) {
                    raw(state, i + 1, keywordStateMatters[state]);
                }
                int x = xdelta[xstate * xalphabet + xsym[c]];
                xstate = x & Integer.MAX_VALUE;
                if (x < 0) {
                    raw(xstate | EXACT, i + 1, exactStateMatters[xstate]);
                }
                prevWord = (flag & WORD) != 0;
            }
            lastChars += len;
        }

        void tryAt(CompiledPrimary p, int i) {
            if (i < nextAllowed[p.index]) {
                return;
            }
            Matcher m = matcher(p);
            m.region(i, n);
            lastAttempts++;
            if (m.lookingAt()) {
                if (accept(p, m)) {
                    nextAllowed[p.index] = m.end();
                }
            }
        }

        /**
         * An anchored match lies within the whitespace-free token around its anchor: search that token
         * (at most the anchor window either side) once, however many anchors it holds.
         */
        void tryAround(CompiledPrimary p, int anchorAt) {
            if (anchorAt < nextAllowed[p.index]) {
                return;
            }
            final char[] s = buffer;
            int window = p.element.anchorWindow();
            int limit = Math.max(Math.max(0, anchorAt - window), nextAllowed[p.index]);
            int from = anchorAt;
            while (from > limit && s[from - 1] > ' ') {
                from--;
            }
            int end = Math.min(n, anchorAt + window + 1);
            int to = anchorAt + 1;
            while (to < end && s[to] > ' ') {
                to++;
            }
            nextAllowed[p.index] = to;
            // like the main pass: only token starts whose first two characters the pattern accepts
            boolean[] pairs = anchoredPairs[p.index];
            Matcher m = null;
            for (int i = from; i <= anchorAt; i++) {
                if (i > from && (flags[s[i - 1]] & WORD) != 0) {
                    continue;
                }
                char c = s[i];
                int c1 = i + 1 < n ? Math.min(s[i + 1], 127) : 128;
                if (!pairs[(c < 128 ? c : 127) * 129 + c1]) {
                    continue;
                }
                if (m == null) {
                    m = matcher(p);
                }
                m.region(i, to);
                if (m.lookingAt() && m.end() > anchorAt && accept(p, m)) {
                    return;
                }
            }
        }

        /** Validates a pattern match and records it as a candidate. */
        boolean accept(CompiledPrimary p, Matcher m) {
            int start = p.valueGroup ? m.start("value") : m.start();
            int end = p.valueGroup ? m.end("value") : m.end();
            if (start < 0 || end <= start) {
                return false;
            }
            for (Validator v : p.element.validators()) {
                end = v.accept(text, start, end);
                if (end < 0) {
                    return false;
                }
            }
            candidates.add(new Candidate(p, start, end));
            return true;
        }

        void raw(int state, int end, boolean matters) {
            if (rawCount == rawState.length) {
                rawState = Arrays.copyOf(rawState, rawCount * 2);
                rawEnd = Arrays.copyOf(rawEnd, rawCount * 2);
            }
            rawState[rawCount] = state;
            rawEnd[rawCount++] = end;
            if (matters && !keywordsMatter) {
                // "ring" in "during" gates nothing: only whole-word hits make the text worth a second look
                KeywordAutomaton a = (state & EXACT) != 0 ? exactKeywords : keywords;
                int st = state & ~EXACT;
                for (int k = a.outStart[st]; k < a.outStart[st + 1] && !keywordsMatter; k++) {
                    int t = a.outTerms[k];
                    keywordsMatter = termMatters[t] && wholeWord(t, end);
                }
            }
        }

        private boolean wholeWord(int t, int end) {
            int start = end - terms[t].length();
            return !(termWordStart[t] && start > 0 && (flags[buffer[start - 1]] & WORD) != 0)
                    && !(termWordEnd[t] && end < n && (flags[buffer[end]] & WORD) != 0);
        }

        /** Turns the pass's automaton hits into whole-word keyword hits per group and dictionary candidates. */
        void distributeKeywordHits() {
            for (int r = 0; r < rawCount; r++) {
                int st = rawState[r];
                KeywordAutomaton a = (st & EXACT) != 0 ? exactKeywords : keywords;
                st &= ~EXACT;
                for (int k = a.outStart[st]; k < a.outStart[st + 1]; k++) {
                    keywordHit(a.outTerms[k], rawEnd[r]);
                }
            }
        }

        void keywordHit(int t, int end) {
            int start = end - terms[t].length();
            if (termWordStart[t] && start > 0 && (flags[text.charAt(start - 1)] & WORD) != 0) {
                return;
            }
            if (termWordEnd[t] && end < n && (flags[text.charAt(end)] & WORD) != 0) {
                return;
            }
            for (int g : termGroups[t]) {
                int[] h = hits[g];
                int c = hitCount[g];
                if (h == null) {
                    h = hits[g] = new int[8];
                } else if (2 * c + 2 > h.length) {
                    h = hits[g] = Arrays.copyOf(h, h.length * 2);
                }
                h[2 * c] = start;
                h[2 * c + 1] = end;
                hitCount[g] = c + 1;
            }
            for (int p : termPrimaries[t]) {
                candidates.add(new Candidate(primaries[p], start, end));
            }
        }

        /** Keyword-gated primaries: searched within proximity of their gate keywords only. */
        void gatedPrimaries() {
            for (CompiledPrimary p : gated) {
                List<int[]> windows = new ArrayList<>();
                for (int g : p.gate) {
                    int prox = groups[g].proximity;
                    for (int k = 0; k < hitCount[g]; k++) {
                        if (prox < 0) {
                            windows.add(new int[]{0, n});
                            break;
                        }
                        // a margin for the length of the match itself; near() decides exactly later
                        windows.add(new int[]{Math.max(0, hits[g][2 * k] - prox - GATE_MARGIN),
                                Math.min(n, hits[g][2 * k + 1] + prox + GATE_MARGIN)});
                    }
                }
                if (windows.isEmpty()) {
                    continue;
                }
                windows.sort(Comparator.comparingInt(w -> w[0]));
                Matcher m = matcher(p);
                int from = -1;
                int to = -1;
                for (int[] w : windows) {
                    if (w[0] > to) {
                        search(p, m, from, to);
                        from = w[0];
                    }
                    to = Math.max(to, w[1]);
                }
                search(p, m, from, to);
            }
        }

        /**
         * Tries the primary at each token start of [from, to) whose first two characters it can begin
         * with. Only texts with a whole-word gate keyword get here, so this second look is rare.
         */
        private void search(CompiledPrimary p, Matcher m, int from, int to) {
            if (from < 0) {
                return;
            }
            final char[] s = buffer;
            int word = p.gatedIndex >>> 6;
            long bit = 1L << (p.gatedIndex & 63);
            for (int i = Math.max(from, nextAllowed[p.index]); i < to; i++) {
                if (i > 0 && (flags[s[i - 1]] & WORD) != 0) {
                    continue;
                }
                char c = s[i];
                int c1 = i + 1 < n ? Math.min(s[i + 1], 127) : 128;
                if ((gatedMask[((c < 128 ? c : 127) * 129 + c1) * gatedWords + word] & bit) == 0) {
                    continue;
                }
                m.region(i, n);
                if (m.lookingAt() && m.end() <= to + GATE_MARGIN && accept(p, m)) {
                    i = m.end() - 1;
                }
            }
            nextAllowed[p.index] = Math.max(nextAllowed[p.index], to);
        }

        // -------------------------------------------------------------- evaluation

        Classification evaluate() {
            if (candidates.isEmpty()) {
                return Classification.NONE;
            }
            List<List<Candidate>> perSit = new ArrayList<>(sits.length);
            for (int s = 0; s < sits.length; s++) {
                perSit.add(null);
            }
            for (Candidate c : candidates) {
                CompiledSit sit = sits[c.primary.sit];
                if (excluded(sit, c)) {
                    continue;
                }
                c.confidence = confidence(sit, c);
                if (c.confidence > 0) {
                    List<Candidate> list = perSit.get(sit.index);
                    if (list == null) {
                        perSit.set(sit.index, list = new ArrayList<>());
                    }
                    list.add(c);
                }
            }
            // one instance per stretch of text: overlapping candidates of a SIT keep the earliest, longest
            for (int s = 0; s < sits.length; s++) {
                List<Candidate> list = perSit.get(s);
                if (list == null || list.size() < 2) {
                    continue;
                }
                list.sort(Comparator.comparingInt((Candidate c) -> c.start).thenComparingInt(c -> -c.end)
                        .thenComparingInt(c -> -c.confidence));
                List<Candidate> kept = new ArrayList<>(list.size());
                int lastEnd = -1;
                for (Candidate c : list) {
                    if (c.start >= lastEnd) {
                        kept.add(c);
                        lastEnd = c.end;
                    }
                }
                perSit.set(s, kept);
            }
            List<SitMatch> out = new ArrayList<>();
            for (int s = 0; s < sits.length; s++) {
                List<Candidate> list = perSit.get(s);
                if (list == null) {
                    continue;
                }
                List<SitMatch.Span> spans = new ArrayList<>(list.size());
                int best = 0;
                for (Candidate c : list) {
                    if (yields(sits[s], c, perSit)) {
                        continue;
                    }
                    spans.add(new SitMatch.Span(c.start, c.end, c.confidence));
                    best = Math.max(best, c.confidence);
                }
                if (!spans.isEmpty()) {
                    out.add(new SitMatch(sits[s].def.id(), spans.size(), best, List.copyOf(spans)));
                }
            }
            return out.isEmpty() ? Classification.NONE : new Classification(List.copyOf(out));
        }

        private boolean yields(CompiledSit sit, Candidate c, List<List<Candidate>> perSit) {
            for (int other : sit.yieldsTo) {
                List<Candidate> list = perSit.get(other);
                if (list == null) {
                    continue;
                }
                for (Candidate o : list) {
                    if (o.start < c.end && c.start < o.end) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean excluded(CompiledSit sit, Candidate c) {
            SitDefinition def = sit.def;
            if (def.excludedValues().isEmpty() && def.excludedPatterns().isEmpty()) {
                return false;
            }
            String value = text.substring(c.start, c.end);
            if (!def.excludedValues().isEmpty() && def.excludedValues().contains(CatalogLoader.normalizeValue(value))) {
                return true;
            }
            for (Pattern p : def.excludedPatterns()) {
                if (p.matcher(value).find()) {
                    return true;
                }
            }
            return false;
        }

        private int confidence(CompiledSit sit, Candidate c) {
            for (Rule r : sit.rules) {
                if (r.primary >= 0 && r.primary != c.primary.index) {
                    continue;
                }
                if (satisfied(r, c)) {
                    return r.level;
                }
            }
            return 0;
        }

        private boolean satisfied(Rule r, Candidate c) {
            for (int g : r.requires) {
                if (!near(g, c)) {
                    return false;
                }
            }
            if (r.any.length > 0) {
                boolean found = false;
                for (int g : r.any) {
                    if (near(g, c)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            for (int g : r.not) {
                if (groups[g].before && groups[g].pattern == null) {
                    int label = lastHitBefore(g, c);
                    // a label vetoes only when it is the one attached to the value: no supporting
                    // keyword of this rule stands between it and the value ("Order 12: card number 4…")
                    if (label >= 0 && !evidenceBetween(r, label, c.start)) {
                        return false;
                    }
                } else if (near(g, c)) {
                    return false;
                }
            }
            return true;
        }

        /** End of the last hit of group g that ends before the candidate, within proximity; -1 if none. */
        private int lastHitBefore(int g, Candidate c) {
            int prox = groups[g].proximity;
            int[] h = hits[g];
            int best = -1;
            for (int k = 0; k < hitCount[g]; k++) {
                int he = h[2 * k + 1];
                if (he > c.start) {
                    break;
                }
                if (prox < 0 || he >= c.start - prox) {
                    best = Math.max(best, he);
                }
            }
            return best;
        }

        private boolean evidenceBetween(Rule r, int from, int to) {
            for (int[] list : new int[][]{r.requires, r.any}) {
                for (int g : list) {
                    int[] h = hits[g];
                    for (int k = 0; k < hitCount[g]; k++) {
                        if (h[2 * k] >= from && h[2 * k + 1] <= to) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        /** Whether group g has evidence within its proximity of the candidate (outside the candidate itself). */
        private boolean near(int g, Candidate c) {
            CompiledGroup group = groups[g];
            int prox = group.proximity;
            int from = prox < 0 ? 0 : Math.max(0, c.start - prox);
            int to = group.before ? c.start : prox < 0 ? n : Math.min(n, c.end + prox);
            if (group.pattern != null) {
                long key = ((long) g << 40) ^ ((long) c.start << 20) ^ c.end;
                Boolean cached = patternEvidence.get(key);
                if (cached == null) {
                    cached = patternNear(group.pattern, from, to, c);
                    patternEvidence.put(key, cached);
                }
                return cached;
            }
            int count = hitCount[g];
            if (count == 0) {
                return false;
            }
            int[] h = hits[g];
            // hits are in order of end: first hit ending at or after `from` (a keyword that ends exactly
            // `proximity` characters before the value is within proximity)
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (h[2 * mid + 1] < from) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int k = lo; k < count; k++) {
                int hs = h[2 * k];
                int he = h[2 * k + 1];
                if (hs >= to && hs - to > 256) {
                    break; // ends are ordered and terms are short: nothing further can start before `to`
                }
                if (hs <= to && he >= from && (he <= c.start || hs >= c.end)) {
                    return true;
                }
            }
            return false;
        }

        private boolean patternNear(Pattern p, int from, int to, Candidate c) {
            Matcher m = p.matcher(text);
            m.useTransparentBounds(true);
            m.region(from, to);
            while (m.find()) {
                if (m.end() <= c.start || m.start() >= c.end) {
                    return true;
                }
            }
            return false;
        }
    }

    // ================================================================== compiled catalogue

    private static final class CompiledSit {
        final int index;
        final SitDefinition def;
        final Rule[] rules;
        final int[] yieldsTo;

        CompiledSit(int index, SitDefinition def, Rule[] rules, int[] yieldsTo) {
            this.index = index;
            this.def = def;
            this.rules = rules;
            this.yieldsTo = yieldsTo;
        }
    }

    private static final class CompiledPrimary {
        final int index;
        final int sit;
        final PrimaryElement element;
        final Pattern pattern;
        final boolean valueGroup;
        int[] gate;
        int gatedIndex = -1;

        CompiledPrimary(int index, int sit, PrimaryElement element) {
            this.index = index;
            this.sit = sit;
            this.element = element;
            this.pattern = element.pattern();
            this.valueGroup = pattern != null && pattern.pattern().contains("(?<value>");
        }
    }

    private record CompiledGroup(int index, int sit, String name, int proximity, boolean before, Pattern pattern) {
    }

    private record Rule(int level, int primary, int[] requires, int[] any, int[] not) {
    }

    private static final class Candidate {
        final CompiledPrimary primary;
        final int start;
        final int end;
        int confidence;

        Candidate(CompiledPrimary primary, int start, int end) {
            this.primary = primary;
            this.start = start;
            this.end = end;
        }
    }
}

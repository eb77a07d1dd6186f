package io.custodia.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The lines of a staged file placed by partition once, for all the partitions of an ingest run: the partitions
 * read the same files in the same order, and each used to fetch, inflate and scan every file (placing every
 * line by its user) to keep its own part. Now the first partition to reach a file does that once and the file
 * is kept, with each line's partition, until every partition has taken it; a partition that comes later finds
 * it here (or, if it fell so far behind that the file was dropped to stay within the bound, fetches it again:
 * the lines and their placing are the same, as a staged body never changes).
 * <p>
 * Bounded: files above {@link #MAX_FILE_BYTES} of JSONL are not split but streamed by each partition as before,
 * and at most {@link #MAX_KEPT_BYTES} of split files are kept for partitions that have not read them (~60 of the
 * bench's files: the partitions of one run stay far closer), the eldest dropped first. Not used with remote
 * partitioning, where a node runs only some of the partitions.
 */
@Component
public class StagedFileSplits {

    /** Staged files up to this many bytes of JSONL are split once; larger ones are streamed by each partition. */
    static final long MAX_FILE_BYTES = 8L << 20;
    /** Bytes of split files kept for partitions that have not read them yet. */
    static final long MAX_KEPT_BYTES = 16L << 20;

    private final JsonMapper json;
    private final long maxKeptBytes;
    private final Map<Key, Entry> kept = new LinkedHashMap<>();
    /** The partitions that took a split dropped to stay within the bound: a laggard's fetch again is not kept for them. */
    private final Map<Key, BitSet> dropped = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, BitSet> eldest) {
            return size() > 4096;
        }
    };
    private long keptBytes;
    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong shared = new AtomicLong();

    @Autowired
    public StagedFileSplits(JsonMapper json) {
        this(json, MAX_KEPT_BYTES);
    }

    StagedFileSplits(JsonMapper json, long maxKeptBytes) {
        this.json = json;
        this.maxKeptBytes = maxKeptBytes;
    }

    private record Key(long fileId, int partitions) {
    }

    private static final class Entry {
        final CompletableFuture<Split> split = new CompletableFuture<>();
        final BitSet taken = new BitSet();
        long bytes;
    }

    /** Whether {@code file} is split here for {@code partitions} partitions (otherwise each partition streams it). */
    static boolean splits(StagedLogFileResource file, int partitions) {
        return partitions > 1 && file.size() >= 0 && file.size() <= MAX_FILE_BYTES;
    }

    /**
     * The split of {@code file} for {@code partition}: fetched and placed now if no other partition has, else the one
     * kept (waiting for it if another partition is fetching it right now). Null if another partition's fetch failed:
     * the caller then reads the file itself, and fails as that partition did if the failure persists.
     */
    Split take(StagedLogFileResource file, int partition, int partitions) throws IOException {
        Key key = new Key(file.id(), partitions);
        Entry entry;
        boolean fetch;
        synchronized (this) {
            entry = kept.get(key);
            fetch = entry == null;
            if (fetch) {
                entry = new Entry();
                BitSet before = dropped.remove(key);
                if (before != null) {
                    entry.taken.or(before);
                }
                kept.put(key, entry);
            }
            entry.taken.set(partition);
            if (entry.taken.cardinality() >= partitions) {
                drop(key, entry); // every partition has it now
            }
        }
        if (!fetch) {
            try {
                Split split = entry.split.join();
                shared.incrementAndGet();
                return split;
            } catch (CompletionException e) {
                return null;
            }
        }
        Split split;
        try (InputStream in = file.getInputStream()) {
            split = Split.of(in, json, partitions);
        } catch (IOException | RuntimeException e) {
            entry.split.completeExceptionally(e);
            synchronized (this) {
                drop(key, entry);
            }
            throw e;
        }
        fetched.incrementAndGet();
        entry.split.complete(split);
        synchronized (this) {
            if (kept.get(key) == entry) {
                entry.bytes = split.bytes();
                keptBytes += entry.bytes;
                Iterator<Map.Entry<Key, Entry>> eldest = kept.entrySet().iterator();
                while (keptBytes > maxKeptBytes && eldest.hasNext()) {
                    Map.Entry<Key, Entry> e = eldest.next();
                    keptBytes -= e.getValue().bytes;
                    dropped.put(e.getKey(), e.getValue().taken);
                    eldest.remove();
                }
            }
        }
        return split;
    }

    private void drop(Key key, Entry entry) {
        if (kept.remove(key, entry)) {
            keptBytes -= entry.bytes;
        }
    }

    /** Staged files fetched and split, and partition reads served from a split another partition fetched. */
    public long[] counts() {
        return new long[]{fetched.get(), shared.get()};
    }

    /** Bytes of split files kept right now. */
    synchronized long keptBytes() {
        return keptBytes;
    }

    /**
     * A staged file's lines (ends as {@link java.io.BufferedReader#readLine()} finds them: {@code \n}, {@code \r} or
     * {@code \r\n}), each as its bytes, and the partition of each line. One array per line, not the file's: a log
     * file of half a megabyte would be a humongous object for G1 at {@code -Xmx512m}.
     */
    record Split(byte[][] lines, int[] partitions) {

        static Split of(InputStream in, JsonMapper json, int partitions) throws IOException {
            PartitionedLineReader.PartitionLines reader = new PartitionedLineReader.PartitionLines(in, json, 0, 1);
            List<byte[]> lines = new ArrayList<>(512);
            int[] owners = new int[512];
            for (int length; (length = reader.next()) >= 0; ) {
                byte[] line = reader.lineBytes(length);
                if (lines.size() == owners.length) {
                    owners = Arrays.copyOf(owners, owners.length * 2);
                }
                owners[lines.size()] = PartitionedLineReader.partitionOf(json, line, 0, length, partitions);
                lines.add(line);
            }
            return new Split(lines.toArray(byte[][]::new), Arrays.copyOf(owners, lines.size()));
        }

        long bytes() {
            long bytes = 20L * lines.length;
            for (byte[] line : lines) {
                bytes += line.length;
            }
            return bytes;
        }
    }
}

package io.custodia.ingest;

import java.io.FileNotFoundException;
import java.io.InputStream;

import org.springframework.core.io.AbstractResource;
import org.springframework.jdbc.core.JdbcTemplate;

import io.custodia.source.StagedBodies;

/** A staged log file as a Spring {@link org.springframework.core.io.Resource}; its body is read lazily. */
public class StagedLogFileResource extends AbstractResource {

    private final long id;
    private final String workspaceId;
    private final String eventType;
    private final String fileId;
    private final long size;
    private final JdbcTemplate jdbc;

    /** {@code size}: the file's bytes of JSONL as staged (before compression), -1 if not known. */
    public StagedLogFileResource(long id, String workspaceId, String eventType, String fileId, long size, JdbcTemplate jdbc) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.eventType = eventType;
        this.fileId = fileId;
        this.size = size;
        this.jdbc = jdbc;
    }

    public long id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String eventType() {
        return eventType;
    }

    public String fileId() {
        return fileId;
    }

    /** Bytes of JSONL as staged (before compression), -1 if not known. */
    public long size() {
        return size;
    }

    @Override
    public boolean exists() {
        return true; // listed from the table; avoids loading the body just to check
    }

    @Override
    public String getFilename() {
        return fileId;
    }

    @Override
    public String getDescription() {
        return "staged log file " + fileId + " (" + eventType + ", workspace " + workspaceId + ")";
    }

    @Override
    public InputStream getInputStream() throws FileNotFoundException {
        InputStream body = jdbc.query("SELECT body, body_encoding FROM staged_log_file WHERE id = ?",
                rs -> rs.next() ? StagedBodies.open(rs.getBytes(1), rs.getString(2)) : null, id);
        if (body == null) {
            throw new FileNotFoundException(getDescription() + " is no longer staged");
        }
        return body;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StagedLogFileResource r && r.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }
}

package io.custodia.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed download host behind the 307 redirects. Like blob storage with a SAS token it refuses a
 * request that also carries an {@code Authorization} header, so a client that leaks its bearer key to
 * the download host fails loudly here.
 */
@RestController
@RequestMapping("/sim/blob")
@ConditionalOnBooleanProperty("custodia.simulator.enabled")
class SimulatorBlobController {

    private static final MediaType JSONL = MediaType.parseMediaType("application/jsonl");

    private final Simulator simulator;
    private final SignedUrls signedUrls;

    SimulatorBlobController(Simulator simulator, SignedUrls signedUrls) {
        this.simulator = simulator;
        this.signedUrls = signedUrls;
    }

    @GetMapping("/logs/{ws}/{fileId}")
    ResponseEntity<?> logFile(@PathVariable String ws, @PathVariable String fileId,
                              @RequestParam(required = false) String se, @RequestParam(required = false) String sig,
                              @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        ResponseEntity<?> refused = check("logs/" + ws + "/" + fileId, se, sig, auth);
        if (refused != null) {
            return refused;
        }
        Simulator.Hosted h = simulator.get(ws);
        if (h != null) {
            h.requests().count("blob.logs");
        }
        LogsPlatform.LogFile file = h == null ? null : h.logs().find(fileId);
        if (file == null) {
            return text(HttpStatus.NOT_FOUND, "BlobNotFound");
        }
        String blobPath = "logs/" + ws + "/" + fileId;
        if (simulator.faults().expireUrl(blobPath)) {
            return text(HttpStatus.GONE, "BlobExpired: the signed URL has expired; request a new one");
        }
        var ok = ResponseEntity.ok().contentType(JSONL)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.fileName() + "\"");
        boolean corrupt = simulator.faults().corruptDownload(blobPath);
        java.nio.file.Path rendered = h.logs().renderedBody(fileId);
        if (rendered != null && !corrupt) {
            return ok.body(new FileSystemResource(rendered)); // streamed from disk, no copy of the body in the heap
        }
        byte[] body = h.logs().body(file);
        if (corrupt && body.length > 0) {
            body = java.util.Arrays.copyOf(body, body.length - 1); // a truncated transfer
        }
        return ok.body(body);
    }

    @GetMapping("/files/{ws}/{fileId}")
    ResponseEntity<?> userFile(@PathVariable String ws, @PathVariable String fileId,
                               @RequestParam(required = false) String se, @RequestParam(required = false) String sig,
                               @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        ResponseEntity<?> refused = check("files/" + ws + "/" + fileId, se, sig, auth);
        if (refused != null) {
            return refused;
        }
        Simulator.Hosted h = simulator.get(ws);
        if (h != null) {
            h.requests().count("blob.files");
        }
        ConversationPlan.SimFile file = h == null ? null : h.workspace().findFile(fileId, null);
        if (file == null) {
            return text(HttpStatus.NOT_FOUND, "BlobNotFound");
        }
        if (simulator.faults().expireUrl("files/" + ws + "/" + fileId)) {
            return text(HttpStatus.GONE, "BlobExpired: the signed URL has expired; request a new one");
        }
        SampleFileLibrary.Sample sample = h.workspace().samples().get(file.sampleIndex());
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(sample.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.name() + "\"")
                .body(sample.bytes());
    }

    private ResponseEntity<?> check(String path, String se, String sig, String auth) {
        if (auth != null) {
            String ws = path.split("/")[1];
            if (simulator.get(ws) != null) {
                simulator.get(ws).requests().count("blob.rejectedAuthorization");
            }
            return text(HttpStatus.BAD_REQUEST,
                    "InvalidAuthenticationInfo: a signed URL must not be combined with an Authorization header");
        }
        return switch (signedUrls.verify(path, se, sig)) {
            case VALID -> null;
            case EXPIRED -> text(HttpStatus.FORBIDDEN, "AuthenticationFailed: signed URL expired");
            case FORGED -> text(HttpStatus.FORBIDDEN, "AuthenticationFailed: signature did not match");
        };
    }

    private static ResponseEntity<?> text(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message);
    }
}

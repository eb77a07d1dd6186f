package io.custodia.simulator;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Bearer-key checks and the error envelopes shared by the simulator's controllers (reference §2). */
final class SimulatorResponses {

    private final Simulator simulator;
    private final SignedUrls signedUrls;
    private final JsonMapper json;

    SimulatorResponses(Simulator simulator, SignedUrls signedUrls, JsonMapper json) {
        this.simulator = simulator;
        this.signedUrls = signedUrls;
        this.json = json;
    }

    /** The workspace when the bearer key is its key, else null. */
    Simulator.Hosted authorize(Simulator.Hosted h, String auth) {
        return h == null || auth == null || !auth.equals("Bearer " + h.workspace().apiKey()) ? null : h;
    }

    Simulator.Hosted authorize(String ws, String auth) {
        return authorize(simulator.get(ws), auth);
    }

    ResponseEntity<?> denied(Simulator.Hosted h, String what, String auth) {
        if (auth == null || !auth.startsWith("Bearer ")) {
            return error(HttpStatus.UNAUTHORIZED, "Missing bearer API key in the Authorization header");
        }
        if (h == null) {
            return error(HttpStatus.NOT_FOUND, what + " not found");
        }
        h.requests().count("unauthorized");
        return error(HttpStatus.UNAUTHORIZED, "Incorrect API key provided");
    }

    ResponseEntity<?> error(HttpStatus status, String message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error");
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    ResponseEntity<?> validation(String field, String message) {
        ObjectNode body = json.createObjectNode();
        body.putArray("detail").addObject().put("msg", message).put("type", "value_error")
                .putArray("loc").add("query").add(field);
        return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** The blob path of log file {@code fileId} of workspace {@code h}, or null when it has no such file. */
    static String logFileBlob(Simulator.Hosted h, String fileId) {
        return h.logs().find(fileId) == null ? null : "logs/" + h.workspace().id() + "/" + fileId;
    }

    /** The blob path of {@code userId}'s upload {@code fileId}, or null when it is not theirs or was deleted. */
    static String userFileBlob(Simulator.Hosted h, String userId, String fileId) {
        String[] owner = new String[1];
        if (h.workspace().findFile(fileId, owner) == null || !owner[0].equals(userId)
                || h.workspace().deletions().fileDeleted(fileId)) {
            return null;
        }
        return "files/" + h.workspace().id() + "/" + fileId;
    }

    ResponseEntity<?> redirect(String blobPath) {
        return ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT).location(URI.create(signedUrl(blobPath))).build();
    }

    String signedUrl(String blobPath) {
        return signedUrl(ServletUriComponentsBuilder.fromCurrentContextPath(), blobPath);
    }

    /** The signed URL for a request that is not bound to the thread (a filter ahead of Spring's). */
    String signedUrl(jakarta.servlet.http.HttpServletRequest request, String blobPath) {
        return signedUrl(ServletUriComponentsBuilder.fromContextPath(request), blobPath);
    }

    private String signedUrl(ServletUriComponentsBuilder base, String blobPath) {
        return base.path("/sim/blob/" + blobPath).build().toUriString() + "?" + signedUrls.sign(blobPath);
    }

    JsonMapper json() {
        return json;
    }
}

package io.custodia.ediscovery.export;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Export status and progress, restart of a failed export, and the package download (streamed from disk). */
@RestController
@RequestMapping("/api/v1/exports/{exportId}")
@PreAuthorize("hasAnyRole('EDISCOVERY_MANAGER', 'EDISCOVERY_ADMIN')")
@Tag(name = "eDiscovery exports")
class ExportController {

    private final Exports exports;

    ExportController(Exports exports) {
        this.exports = exports;
    }

    @GetMapping
    @Operation(summary = "Status (STARTING, RUNNING, COMPLETED, FAILED), progress and, when COMPLETED, the download path")
    Map<String, Object> status(@PathVariable long exportId, Authentication user) {
        return exports.status(exportId, user);
    }

    @GetMapping(value = "/download", produces = "application/zip")
    @Operation(summary = "The package zip (audited)")
    ResponseEntity<Resource> download(@PathVariable long exportId, Authentication user) {
        Path zip = exports.download(exportId, user);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(zip.getFileName().toString()).build().toString())
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(new FileSystemResource(zip));
    }

    @PostMapping("/restart")
    @Operation(summary = "Restart a FAILED export from its last committed chunk")
    Map<String, Object> restart(@PathVariable long exportId, Authentication user) throws Exception {
        return Map.of("jobExecutionId", exports.restart(exportId, user));
    }
}

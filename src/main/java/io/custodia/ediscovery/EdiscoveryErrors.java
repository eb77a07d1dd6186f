package io.custodia.ediscovery;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.custodia.ediscovery.query.QuerySyntaxException;

/** Precise answers for bad requests: a malformed query says where and what was expected (RFC 9457 problem details). */
@RestControllerAdvice(basePackages = "io.custodia.ediscovery")
class EdiscoveryErrors {

    @ExceptionHandler(QuerySyntaxException.class)
    ProblemDetail badQuery(QuerySyntaxException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "malformed query " + e.getMessage());
        p.setTitle("Malformed query");
        p.setProperty("position", e.position());
        p.setProperty("expected", e.expected());
        p.setProperty("found", e.found());
        return p;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail conflict(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}

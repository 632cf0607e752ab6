package dev.tightrope.demo.application;

/** A call of the API that the server refused or that did not reach it; {@code code} is the API's error code. */
class DemoApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final String code;

    DemoApiException(String code, String message) {
        super(message);
        this.code = code;
    }

    boolean unauthenticated() {
        return "UNAUTHENTICATED".equals(code);
    }
}

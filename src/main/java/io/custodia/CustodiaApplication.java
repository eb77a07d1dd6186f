package io.custodia;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Custodia: a self-hosted compliance hub for ChatGPT Enterprise. */
@SpringBootApplication
public class CustodiaApplication {

    public static void main(String[] args) {
        SpringApplication.run(CustodiaApplication.class, args);
    }
}

package io.custodia;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.custodia.ops.Commands;

/**
 * Custodia: a self-hosted compliance hub for ChatGPT Enterprise. Without arguments (or with Spring
 * options only) it starts the hub; a command word first ({@code classify}, …) runs that command
 * instead, see {@link Commands}.
 */
@SpringBootApplication
public class CustodiaApplication {

    public static void main(String[] args) {
        if (Commands.isCommand(args)) {
            System.exit(Commands.run(args));
        }
        SpringApplication.run(CustodiaApplication.class, args);
    }
}

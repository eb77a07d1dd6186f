package io.custodia.ops.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * {@code java -jar custodia.jar hash-password}: reads a password (prompt on a terminal, else the first
 * line of standard input) and prints its {@code {bcrypt}…} form for {@code custodia.security.users[].password}.
 * The password is never an argument, so it stays out of shell history and {@code ps}.
 */
public final class HashPasswordCommand {

    private HashPasswordCommand() {
    }

    public static int run(String[] args) {
        if (args.length > 0) {
            System.err.println("usage: java -jar custodia.jar hash-password   (reads the password from the terminal or stdin)");
            return ExitCodes.USAGE;
        }
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null || !new String(password).equals(new String(again))) {
                System.err.println("hash-password: the two entries differ");
                return ExitCodes.USAGE;
            }
        } else {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? null : line.toCharArray();
            } catch (IOException e) {
                System.err.println("hash-password: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        if (password == null || password.length < 12) {
            System.err.println("hash-password: use at least 12 characters");
            return ExitCodes.USAGE;
        }
        System.out.println("{bcrypt}" + new BCryptPasswordEncoder(12).encode(new String(password)));
        return ExitCodes.OK;
    }
}

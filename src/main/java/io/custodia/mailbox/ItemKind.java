package io.custodia.mailbox;

/** What a mailbox item records: the user's prompt, the app's response, or a tool/system message. */
public enum ItemKind {
    PROMPT, RESPONSE, TOOL;

    public String db() {
        return name().toLowerCase();
    }
}

package io.custodia.mailbox;

import java.util.Set;

/**
 * Purview's {@code ItemClass} values for ChatGPT Enterprise interactions (reference/purview.md §4.1):
 * the device/desktop client is a "connected AI app", the browser is a "cloud AI app".
 */
public final class ItemClasses {

    public static final String CONNECTOR = "IPM.SkypeTeams.Message.ConnectedAIApp.Connector.ChatGPTEnterprise";
    public static final String BROWSER = "IPM.SkypeTeams.Message.CloudAIApp.SaaS.ChatGPTEnterprise";
    /** Hidden folder of the user's mailbox that holds AI interactions, as in Exchange. */
    public static final String FOLDER = "TeamsMessagesData";
    public static final String APP_NAME = "ChatGPT Enterprise";

    private static final Set<String> DEVICE_CLIENTS = Set.of(
            "macos_app", "windows_app", "desktop_app", "ios", "ios_app", "android", "android_app", "mobile_app",
            "desktop", "mac", "windows");

    private ItemClasses() {
    }

    /** Null when the client type is unknown (the caller decides, e.g. from the prompt answered). */
    public static String forClientType(String clientType) {
        if (clientType == null || clientType.isBlank()) {
            return null;
        }
        return DEVICE_CLIENTS.contains(clientType.toLowerCase()) ? CONNECTOR : BROWSER;
    }
}

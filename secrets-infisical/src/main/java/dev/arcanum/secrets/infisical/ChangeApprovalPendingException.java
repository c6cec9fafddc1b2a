package dev.arcanum.secrets.infisical;

import dev.arcanum.secrets.SecretException;

/**
 * Infisical accepted a write as a change request instead of applying it: a change-approval policy
 * covers the folder, so the server answered with {@code approval} rather than {@code secret}. The
 * value is not stored until a reviewer approves and merges the request in Infisical.
 *
 * <p>Not a failure of the server and not transient: retrying creates another request. The message
 * names the key, the folder and the request's slug and id, never the value.
 */
public final class ChangeApprovalPendingException extends SecretException {
    private static final long serialVersionUID = 1L;

    /** The change request's id, or null. */
    private final String approvalId;

    /** The change request's slug, or null. */
    private final String approvalSlug;

    /**
     * @param message what was written where, and which request awaits approval
     * @param approvalId the change request's id, or null when the server gave none
     * @param approvalSlug the change request's slug, or null
     */
    public ChangeApprovalPendingException(String message, String approvalId, String approvalSlug) {
        super(message);
        this.approvalId = approvalId;
        this.approvalSlug = approvalSlug;
    }

    /**
     * @return the id of the change request awaiting approval, or null
     */
    public String approvalId() {
        return approvalId;
    }

    /**
     * @return the slug of the change request, or null
     */
    public String approvalSlug() {
        return approvalSlug;
    }
}

package dev.accounts.mfa;

import java.util.UUID;

import dev.accounts.http.ClientInfo;

/**
 * Ends the login that a role's enrolment interrupted, once the factor is confirmed: implemented by auth/,
 * which issues tokens (mfa/ never imports auth/: auth/ already calls mfa/). Called in the confirmation's
 * transaction.
 */
public interface LoginAfterEnrolment {

    /** The token pair (auth's TokenResponse) of a login by password and otp; a problem when the account may not log in now. */
    Object tokens(UUID userId, ClientInfo client);
}

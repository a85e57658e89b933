package dev.accounts.auth;

/** What POST /api/v1/auth/login answers with 200: the token pair, or the second step's challenge. */
public sealed interface LoginAnswer permits TokenResponse, MfaRequired {
}

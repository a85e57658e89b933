package dev.accounts.auth;

/** What POST /api/v1/auth/login answers with 200: the token pair, the second step's challenge, or enrolment first. */
public sealed interface LoginAnswer permits TokenResponse, MfaRequired, MfaEnrolmentRequired {
}

package dev.accounts.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.accounts.support.Accounts;
import dev.accounts.support.ApiTest;
import dev.accounts.support.Db;
import dev.accounts.support.GreenMailResource;
import dev.accounts.support.TestData;
import dev.accounts.support.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Access tokens say which session they belong to and when and how its user authenticated (RFC 9068). */
@QuarkusTest
@WithTestResource(GreenMailResource.class)
class SessionClaimsTest extends ApiTest {

    final DataSource dataSource = TestDatabase.dataSource();

    @Test
    void anAccessTokenIsAnAtJwtWithSidAuthTimeAndAmrThatARefreshKeeps() throws Exception {
        Db db = new Db(dataSource);
        String email = Accounts.newActive(db);
        Accounts.Tokens login = Accounts.loggedIn(email, TestData.GOOD_PASSWORD);

        assertEquals("at+jwt", part(login.accessToken(), 0).get("typ"));
        Map<String, Object> claims = part(login.accessToken(), 1);
        assertEquals(List.of("pwd"), claims.get("amr"));
        long authTime = ((Number) claims.get("auth_time")).longValue();
        assertTrue(Math.abs(authTime - ((Number) claims.get("iat")).longValue()) <= 1, "auth_time is the login");
        String sid = (String) claims.get("sid");
        assertEquals(1L, db.count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id "
                + "WHERE u.email = ? AND s.id = CAST(? AS uuid) AND s.amr = 'pwd'", email, sid));

        Thread.sleep(1100);
        var refreshed = Accounts.refresh(login.refreshToken());
        assertEquals(200, refreshed.statusCode());
        Map<String, Object> after = part(refreshed.path("accessToken"), 1);
        assertEquals(authTime, ((Number) after.get("auth_time")).longValue(), "a refresh keeps auth_time");
        assertEquals(sid, after.get("sid"));
        assertEquals(List.of("pwd"), after.get("amr"));
        assertEquals(1L, db.count("SELECT count(*) FROM sessions WHERE id = CAST(? AS uuid) AND last_used_at > created_at", sid),
                "the refresh moved last_used_at");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> part(String jwt, int index) throws Exception {
        byte[] json = Base64.getUrlDecoder().decode(jwt.split("\\.")[index]);
        return new ObjectMapper().readValue(new String(json, StandardCharsets.UTF_8), Map.class);
    }
}

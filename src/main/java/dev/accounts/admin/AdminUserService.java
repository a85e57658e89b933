package dev.accounts.admin;

import java.util.List;
import java.util.UUID;

import dev.accounts.problem.ProblemException;
import dev.accounts.problem.ProblemType;
import dev.accounts.registration.Registration;
import dev.accounts.user.User;
import dev.accounts.user.UserStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** What administrators do with accounts. */
@ApplicationScoped
@Transactional
public class AdminUserService {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;

    public UserPage list(String query, UserStatus status, int limit, String cursorText) {
        UserPage.Cursor cursor = null;
        if (cursorText != null && !cursorText.isBlank()) {
            cursor = UserPage.Cursor.decode(cursorText.strip())
                    .orElseThrow(() -> ProblemException.invalidField("cursor", "is not a cursor from a previous page"));
        }
        // One row more than asked tells whether a next page exists, without a count query.
        List<User> rows = User.page(query, status, cursor == null ? null : cursor.createdAt(),
                cursor == null ? null : cursor.id(), limit + 1);
        boolean more = rows.size() > limit;
        List<User> page = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            User last = page.get(page.size() - 1);
            next = new UserPage.Cursor(last.createdAt, last.id).encode();
        }
        return new UserPage(page.stream().map(AdminUserView::of).toList(), next);
    }

    public AdminUserDetail get(UUID id) {
        User user = User.<User>findByIdOptional(id)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No user with id " + id + "."));
        return AdminUserDetail.of(user, Registration.findByUser(user).orElse(null));
    }
}

package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.Optional;

/**
 * The operator's way to the desk (R50): the same passwordless code as anyone's, sent only to an address listed as an
 * operator's ({@code KAPTURA_OPERATORS}), for a session of the operator's role that lasts 8 hours. Asking answers the
 * same whether or not the address is listed; a person's session never opens the desk, nor an operator's session a
 * person's pages.
 */
@Implements({Rule.R47, Rule.R50})
public interface OperatorSignIn {

    /** Sends an operator's sign-in code if {@code email} is listed (and not asked for too often); the same answer else. */
    SignIn.Started start(EmailAddress email);

    /** An operator's code typed: an operator's session, whose token the desk's cookie keeps. */
    SignIn.Verified verify(SignIn.VerifyCode command);

    /**
     * The operator behind an operator's session token: only a valid session of the operator's role, whose address is
     * still listed. A person's session token answers empty.
     */
    Optional<AccountId> authenticate(String sessionToken);

    void signOut(String sessionToken);
}

package org.layerlab.server;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.websocket.WsContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Who is asking, as far as a server without accounts can tell: the key the heavy-job admission
 * ({@code session.JobSlots}) counts a client's jobs under, the same on the race page's socket and
 * the learning-rate page's HTTP requests.
 *
 * <p>The key is the remote address plus the {@value #COOKIE} cookie, a random 128-bit value that
 * the experiment pages set (HttpOnly, SameSite=Strict, for the browser session). The address alone
 * would lump together a class behind one NAT or reverse proxy, where every student has the same
 * address; the cookie alone would let a script that sends no cookie — the usual `curl` loop — count
 * as a new client on every request. Together, students behind one address are told apart by their
 * cookies, and a cookie-less script is one client per address. A script that fetches a fresh
 * cookie for every job is not stopped by this; the shared queue's bound and the per-job size limits
 * still protect the server from it, and nothing short of accounts would do better.
 */
final class ClientKeys {
    static final String COOKIE = "layerlab-client";
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientKeys() {
    }

    /** Sets the cookie on a page's response unless the browser already sent a well-formed one. */
    static void issue(Context ctx) {
        if (valid(ctx.cookie(COOKIE)) == null) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            // maxAge −1: a browser-session cookie; not secure-only, since a classroom server is plain HTTP
            ctx.cookie(new Cookie(COOKIE, value, "/", -1, false, true, null, SameSite.STRICT));
        }
    }

    /** The key of an HTTP request. */
    static String of(Context ctx) {
        return key(ctx.ip(), ctx.cookie(COOKIE));
    }

    /** The key of a socket, from its upgrade request. */
    static String of(WsContext ctx) {
        SocketAddress remote = ctx.session.getRemoteSocketAddress();
        String address = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
        return key(address, ctx.cookie(COOKIE));
    }

    static String key(String address, String cookie) {
        String id = valid(cookie);
        return id == null ? address : address + " " + id;
    }

    /** The cookie's value if it is one of ours in form, else null (a malformed one counts as none). */
    private static String valid(String cookie) {
        return cookie != null && VALUE.matcher(cookie).matches() ? cookie : null;
    }
}

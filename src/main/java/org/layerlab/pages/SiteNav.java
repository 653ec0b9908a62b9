package org.layerlab.pages;

import static j2html.TagCreator.a;
import static j2html.TagCreator.each;
import static j2html.TagCreator.li;
import static j2html.TagCreator.nav;
import static j2html.TagCreator.ul;

import j2html.tags.specialized.NavTag;
import java.util.List;

/** The links between LayerLab's pages, the same on every page; the current one is marked for screen readers. */
public final class SiteNav {

    /** A page: its path and its name in the menu. */
    public record Link(String path, String name) {
    }

    public static final List<Link> PAGES = List.of(
            new Link("/", "Playground"),
            new Link("/race", "Race"),
            new Link("/learning-rate", "Learning rate"),
            new Link("/dimensions", "Dimensions"));

    private SiteNav() {
    }

    /** The menu, with {@code currentPath} (one of {@link #PAGES}' paths) marked as the current page. */
    public static NavTag menu(String currentPath) {
        return nav(ul(each(PAGES, link -> li(link.path().equals(currentPath)
                ? a(link.name()).withHref(link.path()).attr("aria-current", "page")
                : a(link.name()).withHref(link.path())))))
                .withClass("site-nav").attr("aria-label", "LayerLab pages");
    }
}

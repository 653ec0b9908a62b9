package org.layerlab.pages;

import static j2html.TagCreator.each;
import static j2html.TagCreator.link;
import static j2html.TagCreator.meta;
import static j2html.TagCreator.title;

import j2html.tags.DomContent;
import java.util.List;

/** What every LayerLab page's head starts with: charset, viewport, title, description, colour scheme, icon. */
final class PageHead {

    /** LayerLab's icon: an orange and a blue dot, the two classes of the data. */
    static final String FAVICON = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'"
            + "%3E%3Ccircle cx='4' cy='8' r='3' fill='%23f59322'/%3E%3Ccircle cx='12' cy='8' r='3' fill='%230877bd'/%3E"
            + "%3C/svg%3E";

    private PageHead() {
    }

    /** The head's first elements, the same on every page but for the title and the description. */
    static DomContent common(String pageTitle, String description) {
        return each(List.of(
                meta().attr("charset", "utf-8"),
                meta().withName("viewport").withContent("width=device-width, initial-scale=1"),
                title(pageTitle),
                meta().withName("description").withContent(description),
                meta().withName("color-scheme").withContent("light"),
                link().withRel("icon").withHref(FAVICON)), element -> element);
    }
}

package dev.gantry.markdown;

import dev.gantry.markdown.marked.Budget;
import dev.gantry.markdown.marked.RenderLimitException;
import dev.gantry.markdown.marqdown.Marqdown;
import java.util.function.LongSupplier;

/** Renders one survey within its budget, optionally sanitized; turns a stack overflow into a limit error. */
final class RenderEngine {
    private final ServiceConfig config;
    private final LongSupplier nanoClock;

    RenderEngine(ServiceConfig config, LongSupplier nanoClock) {
        this.config = config;
        this.nanoClock = nanoClock;
    }

    /** Renders {@code markdown}; the time budget counts from {@code startNanos} (when the request arrived). */
    String render(String markdown, boolean sanitize, long startNanos) {
        Budget budget = new Budget(startNanos + config.renderTimeoutMs() * 1_000_000L, config.maxNesting(), nanoClock);
        String html;
        try {
            html = Marqdown.render(markdown, budget);
        } catch (StackOverflowError e) {
            throw new RenderLimitException("the input is nested too deeply to render");
        }
        return sanitize ? HtmlSanitizer.sanitize(html) : html;
    }
}

package dev.gantry.api.archive;

import java.io.IOException;

/** An archive refused as unsafe or unreadable; the message names the entry or the limit. */
public final class ArchiveException extends IOException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}

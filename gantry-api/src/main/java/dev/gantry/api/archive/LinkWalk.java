package dev.gantry.api.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Follows a symlink through a tree as the kernel would, one segment at a time, to tell whether it ever leaves the
 * tree: {@code a -> x/b/..} looks inside, yet leaves when {@code x/b} is itself a link to {@code ..}. Segments that do
 * not exist are taken as plain names.
 */
final class LinkWalk {
    private static final int MAX_LINKS = 40; // as Linux's MAXSYMLINKS

    private LinkWalk() {}

    static boolean staysInside(Path root, Path link) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        List<String> at = new ArrayList<>(); // where the walk is, as segments under root
        Path parent = root.relativize(link.getParent());
        for (Path p : parent) if (!p.toString().isEmpty()) at.add(p.toString());
        String first = Files.readSymbolicLink(link).toString();
        if (first.startsWith("/")) return false;
        push(todo, first);
        int followed = 1;
        while (!todo.isEmpty()) {
            String s = todo.pop();
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (at.isEmpty()) return false;
                at.removeLast();
                continue;
            }
            Path next = root.resolve(String.join("/", at)).resolve(s);
            if (!Files.isSymbolicLink(next)) {
                at.add(s);
                continue;
            }
            String target = Files.readSymbolicLink(next).toString();
            if (target.startsWith("/") || ++followed > MAX_LINKS) return false;
            push(todo, target);
        }
        return true;
    }

    private static void push(Deque<String> todo, String target) {
        String[] segments = target.split("/");
        for (int i = segments.length - 1; i >= 0; i--) todo.push(segments[i]);
    }
}

package dev.meridian.promql.parser;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Breaks valid text at the token level, for {@link ParserGeneratedInputTest}: deletes, duplicates,
 * swaps or replaces tokens, inserts random characters or random bytes (decoded as UTF-8, as a
 * server decodes a request), truncates, or flips one character. One to three mutations per input.
 *
 * <p>Tokens here are a rough split, not the lexer's: quoted strings, runs of word characters, runs
 * of spaces, and single other characters (so {@code =~} can lose its {@code ~}).
 *
 * <p>Mutations may produce unpaired UTF-16 surrogates, which text decoded from UTF-8 cannot hold
 * but Java callers can pass; the printer writes them as U+FFFD.
 */
final class TokenMutator {
    private final Random random;
    private final List<String> vocabulary;

    TokenMutator(Random random, List<String> vocabulary) {
        this.random = requireNonNull(random, "random is null");
        this.vocabulary = List.copyOf(vocabulary);
    }

    String mutate(String text) {
        List<String> tokens = tokens(text);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutateOnce(tokens);
        }
        return String.join("", tokens);
    }

    private void mutateOnce(List<String> tokens) {
        if (tokens.isEmpty()) {
            tokens.add(randomText());
            return;
        }
        int at = random.nextInt(tokens.size());
        switch (random.nextInt(8)) {
            case 0 -> tokens.remove(at);
            case 1 -> tokens.add(at, tokens.get(at));
            case 2 -> {
                int other = random.nextInt(tokens.size());
                String t = tokens.get(at);
                tokens.set(at, tokens.get(other));
                tokens.set(other, t);
            }
            case 3 -> tokens.set(at, vocabulary.get(random.nextInt(vocabulary.size())));
            case 4 -> tokens.add(at, vocabulary.get(random.nextInt(vocabulary.size())));
            case 5 -> tokens.add(at, randomText());
            case 6 -> tokens.subList(at, tokens.size()).clear();
            default -> {
                String t = tokens.get(at);
                int i = random.nextInt(t.length());
                tokens.set(at, t.substring(0, i) + (char) (' ' + random.nextInt(95)) + t.substring(i + 1));
            }
        }
    }

    /** One to four random characters from all over Unicode, or random bytes decoded as UTF-8. */
    private String randomText() {
        if (random.nextInt(4) == 0) {
            byte[] bytes = new byte[1 + random.nextInt(4)];
            random.nextBytes(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            out.appendCodePoint(randomCodePoint());
        }
        return out.toString();
    }

    private int randomCodePoint() {
        int cp = switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> 0x20 + random.nextInt(0x5f); // printable ASCII
            case 4 -> random.nextInt(0x20); // control characters, NUL included
            case 5 -> 0x7f + random.nextInt(0x81); // DEL and Latin-1
            case 6, 7 -> random.nextInt(0x10000); // the BMP
            case 8 -> 0x10000 + random.nextInt(0x100000); // supplementary planes
            default -> new int[] {0xFEFF, 0x2028, 0xFFFD, 0x0660, 0xFF11, 0x212A}[random.nextInt(6)];
        };
        return cp;
    }

    /** Splits text into strings, word runs, space runs and single characters; joining gives it back. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end = i + 1;
            if (c == '"' || c == '\'' || c == '`') {
                while (end < text.length() && text.charAt(end) != c) {
                    end += c != '`' && text.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, text.length());
            } else if (isWord(c)) {
                while (end < text.length() && isWord(text.charAt(end))) {
                    end++;
                }
            } else if (Character.isWhitespace(c)) {
                while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
            } else if (Character.isHighSurrogate(c) && end < text.length()) {
                end++;
            }
            tokens.add(text.substring(i, end));
            i = end;
        }
        return tokens;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '.';
    }
}

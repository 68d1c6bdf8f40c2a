package dev.meridian.storage.index;

/**
 * Constants of the index file format, version 1, which {@code docs/format/index.md} describes
 * byte by byte. Integers are big-endian; varints are LEB128.
 */
final class IndexFormat {
    /** "MRDX". */
    static final int MAGIC = 0x4D524458;
    static final int VERSION = 1;
    /** Magic, version byte, three reserved zero bytes. */
    static final int HEADER_BYTES = 8;
    /** Offset and length of every section, then the CRC32C of those. */
    static final int TOC_BYTES = Section.values().length * 16 + 4;
    static final int CRC_BYTES = 4;

    /** Label names table entry: name symbol, flags, value count, values offset, series-with-label postings offset. */
    static final int NAME_ENTRY_BYTES = 4 + 4 + 4 + 8 + 8;
    /** Label values table entry: value symbol, postings offset. */
    static final int VALUE_ENTRY_BYTES = 4 + 8;
    /** Label name flag: one of the values contains {@code '\n'}. */
    static final int FLAG_VALUE_WITH_NEWLINE = 1;

    private IndexFormat() {}

    /** The sections, in file order. */
    enum Section {
        SERIES("series"),
        SERIES_OFFSETS("series offsets"),
        SYMBOLS("symbols"),
        SYMBOL_OFFSETS("symbol offsets"),
        POSTINGS("postings"),
        LABEL_VALUES("label values"),
        LABEL_NAMES("label names");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        /** How error messages name the section. */
        String title() {
            return title;
        }
    }
}

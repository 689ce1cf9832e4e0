package scalablechat.session.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Opens a room's log file. A seam so tests can inject disk faults (ENOSPC, EIO) that a real disk rarely gives. */
@FunctionalInterface
interface ChannelOpener {
    ChannelOpener FILES = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}

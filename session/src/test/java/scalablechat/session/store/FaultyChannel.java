package scalablechat.session.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;

/**
 * A real file channel whose writes, syncs and truncations can be made to fail (as on a full disk or a disk
 * remounted read-only) or to wait at a gate, so tests can put the writer into states a real disk gives rarely.
 */
final class FaultyChannel extends FileChannel {
    private final FileChannel file;
    /** When set, positional writes put this many bytes on disk (at most), then throw {@link #writeFault}. */
    volatile IOException writeFault;
    volatile int bytesBeforeWriteFault;
    volatile IOException forceFault;
    volatile IOException truncateFault;
    /** When set, force() counts it down and waits for {@link #forceGate} first. */
    volatile CountDownLatch forceEntered;
    volatile CountDownLatch forceGate;

    FaultyChannel(FileChannel file) {
        this.file = file;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        IOException fault = writeFault;
        if (fault == null) {
            return file.write(src, position);
        }
        int allowed = Math.min(bytesBeforeWriteFault, src.remaining());
        if (allowed > 0) {
            ByteBuffer part = src.slice(src.position(), allowed);
            int n = file.write(part, position);
            src.position(src.position() + n);
            bytesBeforeWriteFault -= n;
            return n;
        }
        throw fault;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        CountDownLatch entered = forceEntered;
        CountDownLatch gate = forceGate;
        if (gate != null) {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        IOException fault = forceFault;
        if (fault != null) {
            throw fault;
        }
        file.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        IOException fault = truncateFault;
        if (fault != null) {
            throw fault;
        }
        file.truncate(size);
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return file.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) {
        throw new UnsupportedOperationException("the log writes at explicit positions only");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException("the log writes at explicit positions only");
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return file.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("the log's lock is on its .lock file");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("the log's lock is on its .lock file");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}

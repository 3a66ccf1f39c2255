package dev.gantry.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The HTTP/1.x codec of a client connection: Netty's request decoder made stricter where Netty is
 * lenient, and a response encoder that knows which responses answer HEAD (as Netty's
 * HttpServerCodec does). Stricter: obsolete line folding (RFC 9112 section 5.2) and whitespace
 * before the first field are refused with 400 instead of unfolded, so no hop that reads the folded
 * line as a field of its own can disagree with the router about the framing; and the version must
 * be spelt exactly {@code HTTP/1.1} or {@code HTTP/1.0} (it is case-sensitive, section 2.3).
 */
final class RequestCodec extends CombinedChannelDuplexHandler<RequestCodec.Decoder, RequestCodec.Encoder> {
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);

    RequestCodec(HttpDecoderConfig config) {
        init(new Decoder(config), new Encoder());
    }

    final class Decoder extends HttpRequestDecoder {
        private boolean inHeader = true;
        private boolean headerStarted;
        private boolean failed;

        Decoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected HttpMessage createMessage(String[] initialLine) throws Exception {
            String v = initialLine[2];
            boolean wellFormed = v.length() == 8
                    && v.startsWith("HTTP/")
                    && Character.isDigit(v.charAt(5))
                    && v.charAt(6) == '.'
                    && Character.isDigit(v.charAt(7));
            if (!wellFormed)
                throw new IllegalArgumentException("HTTP-version must be HTTP/digit.digit (case-sensitive), was " + v);
            return super.createMessage(initialLine);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (failed) {
                buffer.skipBytes(buffer.readableBytes());
                return;
            }
            if (inHeader && folded(buffer)) {
                failed = true;
                buffer.skipBytes(buffer.readableBytes());
                out.add(refused("obsolete line folding (a field line starting with whitespace) is not accepted"));
                return;
            }
            int from = out.size();
            int readerBefore = buffer.readerIndex();
            super.decode(ctx, buffer, out);
            boolean requestSeen = false;
            for (int i = from; i < out.size(); i++) {
                Object m = out.get(i);
                if (m instanceof HttpRequest r) {
                    methods.add(r.method());
                    requestSeen = true;
                    inHeader = false;
                    headerStarted = false;
                }
                if (m instanceof LastHttpContent) inHeader = true;
            }
            if (inHeader && !requestSeen && buffer.indexOf(readerBefore, buffer.readerIndex(), (byte) '\n') >= 0)
                headerStarted = true;
        }

        /**
         * Whether the header bytes at the start of the buffer fold a line: a line feed followed by a
         * space or tab before the empty line that ends the header, or the buffer starting with one
         * after the request line was consumed.
         */
        private boolean folded(ByteBuf buf) {
            int start = buf.readerIndex();
            int end = buf.writerIndex();
            if (!headerStarted) {
                while (start < end && (buf.getByte(start) == '\r' || buf.getByte(start) == '\n')) start++;
            } else if (start < end && isBlank(buf.getByte(start))) {
                return true;
            }
            for (int lf = buf.indexOf(start, end, (byte) '\n');
                    lf >= 0 && lf + 1 < end;
                    lf = buf.indexOf(lf + 1, end, (byte) '\n')) {
                byte next = buf.getByte(lf + 1);
                if (isBlank(next)) return true;
                if (next == '\r' || next == '\n') return false;
            }
            return false;
        }

        private static boolean isBlank(byte b) {
            return b == ' ' || b == '\t';
        }

        private HttpRequest refused(String why) {
            HttpRequest r =
                    new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", Unpooled.EMPTY_BUFFER);
            r.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(why)));
            methods.add(r.method());
            return r;
        }
    }

    final class Encoder extends HttpResponseEncoder {
        private HttpMethod method;

        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse msg) {
            method = msg.status().codeClass() == HttpStatusClass.INFORMATIONAL ? null : methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }

        @Override
        protected void sanitizeHeadersBeforeEncode(HttpResponse msg, boolean isAlwaysEmpty) {
            if (!isAlwaysEmpty
                    && HttpMethod.CONNECT.equals(method)
                    && msg.status().codeClass() == HttpStatusClass.SUCCESS) {
                msg.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                return;
            }
            super.sanitizeHeadersBeforeEncode(msg, isAlwaysEmpty);
        }
    }
}

package io.pagewise.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: the request line goes out byte for byte as written (java.net.http and
 * HttpURLConnection normalise or refuse some of the spellings these tests need: {@code //}, {@code /../}, matrix
 * parameters, lower-level oddities). Every request closes its connection, so the reply is everything until EOF.
 */
final class RawHttp {

	private static final int TIMEOUT_MILLIS = 20_000;

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	Reply send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: localhost:").append(this.port).append("\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
	}

	/** Sends {@code bytes} exactly as given, head and body, and reads the reply. */
	Reply exchange(byte[] head, byte[] body) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			out.write(head);
			out.write(body);
			out.flush();
			return Reply.parse(readAll(socket.getInputStream()));
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n; (n = in.read(buffer)) != -1;) {
				bytes.write(buffer, 0, n);
			}
		}
		catch (java.net.SocketException ex) {
			// The server may reset after answering a request whose body it did not read: keep what arrived.
		}
		return bytes.toByteArray();
	}

	/** A reply: status, headers (lower-case names, last value wins) and the body as text (chunks not joined). */
	record Reply(int status, Map<String, String> headers, String body) {

		static Reply parse(byte[] raw) {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				return new Reply(-1, Map.of(), text);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).strip());
			}
			return new Reply(status, headers, text.substring(end + 4));
		}

		String header(String name) {
			return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
		}

		@Override
		public String toString() {
			return this.status + " " + this.headers + " " + this.body.substring(0, Math.min(300, this.body.length()));
		}

	}

}

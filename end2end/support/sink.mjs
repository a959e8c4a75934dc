// A local SMTP sink and SMS gateway stand-in for the browser tests.
//   SMTP on SINK_SMTP_PORT (default 2525): speaks real SMTP, keeps every message.
//   HTTP on SINK_HTTP_PORT (default 3199):
//     GET  /emails?to=ADDRESS   → [{to, subject, text}]
//     POST /sms                 ← Latch's webhook: {"to", "body"}
//     GET  /sms?to=NUMBER       → [{to, body}]
//     GET  /health              → ok
import net from "node:net";
import http from "node:http";

const smtpPort = Number(process.env.SINK_SMTP_PORT ?? 2525);
const httpPort = Number(process.env.SINK_HTTP_PORT ?? 3199);
const emails = [];
const sms = [];

function decodeQuotedPrintable(text) {
  return text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

net
  .createServer((socket) => {
    let buffer = "";
    let inData = false;
    let data = [];
    let to = [];
    const reply = (line) => socket.write(line + "\r\n");
    reply("220 sink.latch.test ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let index;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            const raw = data.join("\r\n");
            const [head, ...rest] = raw.split("\r\n\r\n");
            const subject = (head.match(/^Subject: (.*)$/m) ?? [])[1] ?? "";
            emails.push({ to, subject, text: decodeQuotedPrintable(rest.join("\r\n\r\n")) });
            to = [];
            data = [];
            reply("250 OK: queued");
          } else {
            data.push(line.startsWith(".") ? line.slice(1) : line);
          }
          continue;
        }
        const upper = line.toUpperCase();
        if (upper.startsWith("EHLO")) reply("250-sink.latch.test\r\n250 8BITMIME");
        else if (upper.startsWith("HELO")) reply("250 sink.latch.test");
        else if (upper.startsWith("MAIL FROM:")) reply("250 OK");
        else if (upper.startsWith("RCPT TO:")) {
          to.push(line.slice(8).trim().replace(/^<|>.*$/g, ""));
          reply("250 OK");
        } else if (upper === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (upper === "RSET" || upper === "NOOP") reply("250 OK");
        else if (upper === "QUIT") {
          reply("221 Bye");
          socket.end();
        } else reply("502 Command not implemented");
      }
    });
    socket.on("error", () => {});
  })
  .listen(smtpPort, "127.0.0.1");

http
  .createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    const json = (status, value) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (req.method === "GET" && url.pathname === "/health") return json(200, "ok");
    // Stands in for an app that sent its user to Latch with ?return_to=.
    if (req.method === "GET" && url.pathname === "/landing") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<!doctype html><title>Example app</title><h1>Back in the app</h1>");
    }
    if (req.method === "GET" && url.pathname === "/emails") {
      const address = (url.searchParams.get("to") ?? "").toLowerCase();
      return json(200, emails.filter((e) => e.to.some((t) => t.toLowerCase() === address)));
    }
    if (req.method === "GET" && url.pathname === "/sms") {
      const number = url.searchParams.get("to") ?? "";
      return json(200, sms.filter((m) => m.to === number));
    }
    if (req.method === "POST" && url.pathname === "/sms") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        try {
          sms.push(JSON.parse(body));
          json(200, {});
        } catch {
          json(400, { error: "bad json" });
        }
      });
      return;
    }
    json(404, { error: "not found" });
  })
  .listen(httpPort, "127.0.0.1", () => {
    console.log(`sink: SMTP on 127.0.0.1:${smtpPort}, HTTP on 127.0.0.1:${httpPort}`);
  });

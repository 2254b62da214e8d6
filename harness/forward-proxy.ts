/**
 * A real forward proxy on loopback, as a company's egress proxy would be: CONNECT tunnels (what
 * undici's ProxyAgent uses, for http and https targets alike) and absolute-form plain HTTP
 * requests. It records the target of every request it carries.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

export class ForwardProxy {
  /** `host:port` of every tunnel, or the URL of every plain request, in order. */
  readonly targets: string[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      // Absolute-form: `GET http://host:port/path HTTP/1.1`.
      this.targets.push(req.url ?? "");
      const upstream = httpRequest(req.url ?? "", { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    server.on("connect", (req, client: Socket) => {
      const target = req.url ?? "";
      this.targets.push(target);
      const [host, port] = target.split(":");
      const upstream = connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.pipe(client);
        client.pipe(upstream);
      });
      const close = () => {
        upstream.destroy();
        client.destroy();
      };
      upstream.on("error", close);
      client.on("error", close);
    });
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

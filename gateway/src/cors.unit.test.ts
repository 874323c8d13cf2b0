import { asOrigin, isAllowedOrigin, type CorsSettings } from "./cors";

const development: CorsSettings = { allowedOrigins: ["https://shop.example.com"], allowLocalDevelopment: true };
const production: CorsSettings = { allowedOrigins: ["https://shop.example.com"], allowLocalDevelopment: false };

describe("the CORS origin rule", () => {
  it("allows the configured origins in every mode", () => {
    expect(isAllowedOrigin("https://shop.example.com", development)).toBe(true);
    expect(isAllowedOrigin("https://shop.example.com", production)).toBe(true);
  });

  it("allows any http localhost or 127.0.0.1 port in development only", () => {
    for (const origin of ["http://localhost:3000", "http://localhost:5173", "http://127.0.0.1:8080", "http://localhost"]) {
      expect(isAllowedOrigin(origin, development)).toBe(true);
      expect(isAllowedOrigin(origin, production)).toBe(false);
    }
  });

  it("allows nothing else, however close it looks", () => {
    for (const origin of [
      undefined,
      "null",
      "",
      "https://evil.example.com",
      "http://shop.example.com", // another scheme is another origin
      "https://shop.example.com:8443",
      "https://shop.example.com.evil.com",
      "https://shop.example.com/",
      "https://shop.example.com/path",
      "https://localhost:3000", // the development rule is for http only
      "http://localhost.evil.com:3000",
      "http://127.0.0.1.nip.io:3000",
      "http://evil.com@localhost:3000",
      "http://localhost:3000@evil.com",
      "http://[::2]:3000",
      "file://localhost",
      "HTTP://LOCALHOST:3000", // not how a browser writes an origin
    ]) {
      expect(isAllowedOrigin(origin, development)).toBe(false);
    }
  });

  it("allows no origin at all in production unless configured", () => {
    expect(isAllowedOrigin("https://shop.example.com", { allowedOrigins: [], allowLocalDevelopment: false })).toBe(false);
  });
});

describe("configured origins", () => {
  it("are normalised to the form browsers send", () => {
    expect(asOrigin("https://Shop.Example.com")).toBe("https://shop.example.com");
    expect(asOrigin("https://shop.example.com/")).toBe("https://shop.example.com");
    expect(asOrigin("https://shop.example.com:443")).toBe("https://shop.example.com");
    expect(asOrigin("http://localhost:3000")).toBe("http://localhost:3000");
  });

  it("are refused when they are URLs rather than origins, or not http(s)", () => {
    for (const value of ["https://shop.example.com/app", "https://shop.example.com?x=1", "https://shop.example.com/#top", "https://user@shop.example.com", "ftp://shop.example.com", "shop.example.com", "*"]) {
      expect(asOrigin(value)).toBeNull();
    }
  });
});

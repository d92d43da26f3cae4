import { hostnameProblem, normaliseHostname } from '../../../src/modules/domains/hostname';
import { DefaultHosts } from '../../../src/modules/domains/default-hosts';
import { hostKey } from '../../../src/shared/http/host';

describe('a custom domain hostname', () => {
  it.each([
    ['go.example.com', 'go.example.com'],
    ['Go.Example.COM', 'go.example.com'],
    ['go.example.com.', 'go.example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['a-b.c-d.example', 'a-b.c-d.example'],
  ])('accepts %s, stored as %s', (raw, stored) => {
    expect(hostnameProblem(raw)).toBeUndefined();
    expect(normaliseHostname(raw)).toBe(stored);
  });

  it.each([
    ['', /empty/],
    ['localhost', /two labels|localhost/],
    ['app.localhost', /localhost/],
    ['example', /two labels/],
    ['127.0.0.1', /IP address/],
    ['1.2.3', /IP address/],
    ['::1', /IP address/],
    ['[2001:db8::1]', /IP address/],
    ['go.example.com:8080', /port/],
    ['https://go.example.com', /host name alone/],
    ['go.example.com/path', /host name alone/],
    ['user@go.example.com', /host name alone/],
    ['go example.com', /spaces or control/],
    ['go.example.com\u0007', /spaces or control/],
    ['go_x.example.com', /valid host name/],
    ['-go.example.com', /valid host name/],
    ['go..example.com', /valid host name/],
    ['*.example.com', /valid host name/],
    [`${'a'.repeat(64)}.example.com`, /valid host name/],
    [`${'a.'.repeat(127)}com`, /at most 253/],
  ])('refuses %j', (raw, problem) => {
    expect(hostnameProblem(raw)).toMatch(problem);
  });
});

describe("a request's host key", () => {
  it.each([
    ['Go.Example.com', 'go.example.com'],
    ['go.example.com:8080', 'go.example.com'],
    ['go.example.com.', 'go.example.com'],
    ['GO.EXAMPLE.COM.:443', 'go.example.com'],
    ['[::1]:3000', '[::1]'],
    ['127.0.0.1:3000', '127.0.0.1'],
    [undefined, ''],
  ])('of %j is %j', (raw, key) => {
    expect(hostKey(raw)).toBe(key);
  });
});

describe('the default domain', () => {
  it("is PUBLIC_BASE_URL's host and the hosts DEFAULT_DOMAIN_HOSTS lists, nothing else", () => {
    const hosts = new DefaultHosts('https://sho.rt', ['www.sho.rt']);
    expect(hosts.named('sho.rt')).toBe(true);
    expect(hosts.named('www.sho.rt')).toBe(true);
    expect(hosts.named('127.0.0.1')).toBe(false);
    expect(hosts.named('go.example.com')).toBe(false);
    expect(hosts.anyUnclaimed).toBe(false);
  });

  it('is every spelling of this machine when PUBLIC_BASE_URL is a loopback host', () => {
    const hosts = new DefaultHosts('http://localhost:3000', []);
    for (const host of ['localhost', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '0.0.0.0']) expect(hosts.named(host)).toBe(true);
    expect(hosts.named('sho.rt')).toBe(false);
  });

  it('takes any host no custom domain claims with *', () => {
    expect(new DefaultHosts('https://sho.rt', ['*']).anyUnclaimed).toBe(true);
  });
});

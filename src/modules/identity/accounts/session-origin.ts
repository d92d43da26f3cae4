import { Forbidden } from '../../../shared/errors';

/**
 * Which request hosts may start a session (sign in, accept an invitation).
 * The session cookie is host-only, so a session started on a workspace's
 * custom domain would live on a host whose DNS that workspace controls; the
 * composition root connects domains' answer (only the default domain's hosts
 * may), and until then every host may.
 */
export class SessionOrigin {
  private check: (host: string) => Promise<boolean> = () => Promise.resolve(true);

  connect(check: (host: string) => Promise<boolean>): void {
    this.check = check;
  }

  async require(host: string): Promise<void> {
    if (!(await this.check(host))) {
      throw new Forbidden(`Sign in on the dashboard's own address (PUBLIC_BASE_URL), not on ${host}: a workspace's domain holds no sessions`);
    }
  }
}

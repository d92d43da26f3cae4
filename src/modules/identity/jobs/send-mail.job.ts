import { createTransport } from 'nodemailer';
import { z } from 'zod';
import { defineTask } from '../../../shared/jobs';

/**
 * Mail goes out through the job queue: enqueued in the transaction that
 * made the invitation or reset, so it is sent if and only if that commits,
 * and retried while the mail server is down. The message (with its link) is
 * in the job's row only until it is sent; graphile-worker deletes done jobs.
 */
const mailPayload = z.object({ to: z.string(), subject: z.string(), text: z.string() });

export type Mail = z.infer<typeof mailPayload>;

export function sendMailTask(smtp: { url: string; from: string } | undefined) {
  // nodemailer: the standard SMTP client for Node (TLS, STARTTLS, auth, pooling) — not worth writing by hand.
  const transport = smtp && createTransport(smtp.url);
  return defineTask({
    name: 'identity.send-mail',
    payload: mailPayload,
    async run(mail) {
      if (!transport || !smtp) throw new Error('identity.send-mail needs SMTP_URL');
      await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  });
}

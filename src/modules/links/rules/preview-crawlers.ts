/**
 * The user agents of link-preview crawlers: what Slack, X, Facebook,
 * LinkedIn, WhatsApp, Telegram, Discord, iMessage (which sends Facebook's and
 * X's names), Skype, Reddit, Pinterest, Mastodon and Bluesky fetch a shared
 * link with to draw its card. Not every bot: a search engine's crawler
 * follows the redirect like a person.
 */
const PREVIEW_CRAWLERS =
  /facebookexternalhit|facebot|twitterbot|slackbot|slack-imgproxy|linkedinbot|whatsapp|telegrambot|discordbot|skypeuripreview|redditbot|pinterest|embedly|iframely|vkshare|mastodon|bluesky|cardyb|snapchat|viber|applebot|google-pagerenderer|microsoftpreview|skype/i;

export function isPreviewCrawler(userAgent: string | undefined): boolean {
  return userAgent !== undefined && PREVIEW_CRAWLERS.test(userAgent);
}

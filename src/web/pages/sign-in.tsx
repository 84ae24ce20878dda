/** @jsxImportSource hono/jsx */
import { MessagePage, Page } from "./layout";

/** Opening a link only shows a button: chat apps that preview links must not use them up. */
export function ConfirmSignIn(props: { secret: string }) {
  return (
    <Page title="Sign in to your class's page">
      <p>This link signs you in once, on this device, for 8 hours.</p>
      <form method="post" action="/sign-in">
        <input type="hidden" name="link" value={props.secret} />
        <button type="submit" class="primary" autofocus>
          Open my class's page
        </button>
      </form>
    </Page>
  );
}

const WHY = {
  used: ["This sign-in link was already used", "Each link works once."],
  expired: ["This sign-in link has expired", "A link works for 10 minutes after the bot sends it."],
  unknown: ["This sign-in link is not valid", "It may have been copied incompletely."],
} as const;

export function LinkRefused(props: { why: keyof typeof WHY; commandName: string }) {
  const [title, reason] = WHY[props.why];
  return (
    <MessagePage title={title}>
      <p>{reason}</p>
      <NewLink commandName={props.commandName} />
    </MessagePage>
  );
}

export function NewLink(props: { commandName: string }) {
  return (
    <p>
      To get a new link, type <code>/{props.commandName} page</code> in your class's Slack channel, or{" "}
      <code>/{props.commandName}-page</code> in its Discord channel. The bot answers only you, with a fresh
      link.
    </p>
  );
}

export function NotSignedIn(props: { commandName: string }) {
  return (
    <MessagePage title="You are not signed in">
      <p>Your session has ended or this browser has none.</p>
      <NewLink commandName={props.commandName} />
    </MessagePage>
  );
}

export function Forbidden(props: { commandName: string }) {
  return (
    <MessagePage title="This page belongs to another class">
      <p>
        You are signed in to one class's page only. To open another class's page, ask the bot from that
        class's channel.
      </p>
      <NewLink commandName={props.commandName} />
    </MessagePage>
  );
}

export function TooMany(props: { seconds: number }) {
  return (
    <MessagePage title="Too many sign-in attempts">
      <p>Please wait {props.seconds} seconds and try again.</p>
    </MessagePage>
  );
}

export function FormExpired() {
  return (
    <MessagePage title="This form has expired">
      <p>
        The form was not sent from this page's current session, so nothing was changed. Go back, reload the
        page and try again.
      </p>
    </MessagePage>
  );
}

export function SignedOut(props: { commandName: string }) {
  return (
    <MessagePage title="You are signed out">
      <NewLink commandName={props.commandName} />
    </MessagePage>
  );
}

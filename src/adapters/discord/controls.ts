import { type ControlView, controlId, parseControlId } from "../../app/controls";

/**
 * Discord's side of the control table: a button's custom_id is "name:payload" (at most 100
 * characters; the renderer leaves out a control that would not fit), and one branch routes every
 * click through `parseCustomId`. The ids of older messages ("ask:…", "feedback:good:…") are the same.
 */

export const customId = (control: ControlView): string => controlId(control);

export const parseCustomId = parseControlId;

import type { Context } from '../context.js';
import type { ImageAsset } from '../load/image.js';
import type { DocumentModel } from '../model/types.js';
import type { Role } from '../validate/role.js';
import { loadLocale, type Locale } from './locale.js';
import { parseMarkup } from './markup.js';
import { loadTemplates } from './templates.js';
import { roleView } from './view.js';

export interface RenderOptions {
  /** Where the templates and locales read are kept. */
  context: Context;
  /** Folder holding document.hbs, partials/ and locales/. */
  templatesDir: string;
  /** The role file, named in messages about its locale. */
  file: string;
  /** The role's locale, when the caller has loaded it already. */
  locale?: Locale;
  /** Images the role names, read by the caller (rendering touches no files): `logo`. */
  images?: ReadonlyMap<string, ImageAsset>;
}

/** The block markup the templates produce for a role (useful when writing templates). */
export async function renderMarkup(role: Role, options: RenderOptions): Promise<string> {
  const templates = await loadTemplates(options.context, options.templatesDir);
  const locale = await loadLocale(options.context, options.templatesDir, role.locale, options.file);
  return templates.render(roleView(role, undefined, locale.layout), locale);
}

/** Renders a validated role through the templates into the document model. */
export async function renderRole(role: Role, options: RenderOptions): Promise<DocumentModel> {
  const templates = await loadTemplates(options.context, options.templatesDir);
  const locale = options.locale ?? (await loadLocale(options.context, options.templatesDir, role.locale, options.file));
  const markup = templates.render(roleView(role, options.images, locale.layout), locale);
  return parseMarkup(markup, {
    templateFile: templates.entryFile,
    ...(options.images ? { images: options.images } : {}),
    meta: {
      title: role.position.title,
      subject: role.position.department ?? '',
      language: locale.language,
      author: role.organization.name,
      keywords: [role.document.number],
      date: role.document.date,
    },
  });
}

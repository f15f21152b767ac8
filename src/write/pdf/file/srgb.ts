/**
 * The sRGB colour profile embedded as the PDF/A output intent: sRGB.icc of
 * the icc-profiles-free collection (Debian package icc-profiles-free; made with
 * Little CMS), ICC version 2.3, 6,922 bytes, stored here zlib-compressed (fflate, level 9)
 * as base64: embedded as it is, never compressed again per document.
 *
 * Copyright: Kai-Uwe Behrmann <www.behrmann.name>, Marti Maria <www.littlecms.com>,
 * Photogamut <www.photogamut.org>, Graeme Gill <www.argyllcms.com>,
 * ColorSolutions <www.basICColor.com>. Licence: zlib (unaltered; this
 * notice reproduced as the licence asks):
 *
 * The zlib/libpng License
 *
 * This software is provided 'as-is', without any express or implied
 * warranty. In no event will the authors be held liable for any damages
 * arising from the use of this software.
 *
 * Permission is granted to anyone to use this software for any purpose,
 * including commercial applications, and to alter it and redistribute it
 * freely, subject to the following restrictions:
 *
 *    1. The origin of this software must not be misrepresented; you must not
 *    claim that you wrote the original software. If you use this software
 *    in a product, an acknowledgment in the product documentation would be
 *    appreciated but is not required.
 *
 *    2. Altered source versions must be plainly marked as such, and must not be
 *    misrepresented as being the original software.
 *
 *    3. This notice may not be removed or altered from any source
 *    distribution.
 *
 * NO WARRANTY
 *
 *   BECAUSE THE DATA IS LICENSED FREE OF CHARGE, THERE IS NO WARRANTY
 * FOR THE DATA, TO THE EXTENT PERMITTED BY APPLICABLE LAW.  EXCEPT WHEN
 * OTHERWISE STATED IN WRITING THE COPYRIGHT HOLDERS AND/OR OTHER PARTIES
 * PROVIDE THE DATA "AS IS" WITHOUT WARRANTY OF ANY KIND, EITHER EXPRESSED
 * OR IMPLIED, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE.  THE ENTIRE RISK AS
 * TO THE QUALITY AND PERFORMANCE OF THE DATA IS WITH YOU.  SHOULD THE
 * DATA PROVE DEFECTIVE, YOU ASSUME THE COST OF ALL NECESSARY SERVICING,
 * REPAIR OR CORRECTION.
 *
 *  IN NO EVENT UNLESS REQUIRED BY APPLICABLE LAW OR AGREED TO IN WRITING
 * WILL ANY COPYRIGHT HOLDER, OR ANY OTHER PARTY WHO MAY MODIFY AND/OR
 * REDISTRIBUTE THE DATA AS PERMITTED ABOVE, BE LIABLE TO YOU FOR DAMAGES,
 * INCLUDING ANY GENERAL, SPECIAL, INCIDENTAL OR CONSEQUENTIAL DAMAGES ARISING
 * OUT OF THE USE OR INABILITY TO USE THE DATA (INCLUDING BUT NOT LIMITED
 * TO LOSS OF DATA OR DATA BEING RENDERED INACCURATE OR LOSSES SUSTAINED BY
 * YOU OR THIRD PARTIES OR A FAILURE OF THE DATA TO OPERATE WITH ANY OTHER
 * PROGRAMS), EVEN IF SUCH HOLDER OR OTHER PARTY HAS BEEN ADVISED OF THE
 * POSSIBILITY OF SUCH DAMAGES.
 *
 * Files: LStar-*
 * Copyright: 2007, basICColor GmbH
 * License: ZLIB-LSTAR
 * The zlib/libpng License
 *
 * This software is provided 'as-is', without any express or implied
 * warranty. In no event will the authors be held liable for any damages
 * arising from the use of this software.
 *
 * Permission is granted to anyone to use this software for any purpose,
 * including commercial applications, and to alter it and redistribute it
 * freely, subject to the following restrictions:
 *
 * 1. The origin of this software must not be misrepresented; you must not
 * claim that you wrote the original software. If you use this software
 * in a product, an acknowledgment in the product documentation would be
 * appreciated but is not required.
 *
 * 2. Altered source versions must be plainly marked as such, and must not be
 * misrepresented as being the original software.
 *
 * 3. This notice may not be removed or altered from any source distribution.
 *
 * Files: debian/*
 * Copyright: 2005-2011 Oleksandr Moskalenko <malex@debian.org>
 * 	   2011 Till Kamppeter <till.kamppeter@gmail.com>
 *       2012 Bernhard Reiter <ockham@raz.or.at>
 * License: GPL-2+
 * This package was debianized by Oleksandr Moskalenko <malex@debian.org> on
 * Thu, 4 Aug 2005 17:40:43 -0600.
 *
 * This package is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation; either version 2 of the License, or
 * (at your option) any later version.
 *
 * This package is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 * GNU General Public License for more details.
 *
 * You should have received a copy of the GNU General Public License
 * along with this program. If not, see <http://www.gnu.org/licenses/>
 *
 * On Debian systems, the complete text of the GNU General
 * Public License version 2 can be found in "/usr/share/common-licenses/GPL-2".
 */

const BASE64 =
  'eNrtmWdQVFkWgO97r3MgdDctmSYniRIakJyT5Cgq0N1kWmhyMCGDIzCCiEhSBBEFHHB0CDKKiigGREEB8zQyCCjj4CiiorIN/pjdqq3d2qqt/bN9frz71bm3' +
  '3rn31a16X9UBQIaQwEpMgfUBSOSm8nyd7RjBIaEM7H2AA2RAAhSAiWClJHn6OfkDQaysXRn/Md6PAWhlvKfzz+f/ZZDYiVw2ABBNwHFsTgpLwDsFHMNOZK/k' +
  'Z1Y4IzUpFQDYW8A0nmCDAhbMAVrkN85c4ehvXLy6xt/XXsBHAcCRoleZcGqFI1eZ0r3CrBheIgDS/YL1KqwknuD90iu1FL/tYTXEVs7DiOZwObyIVA6b8R8e' +
  '7d/H39VCpwg+/n+9wP+4zsrd+UZvLVfvBESv/Cu3tRwA5msAkNK/ciqHARDdDUBn71+5yOMAdJUCIPmMlcZL/5ZDre4dEIAooAEpIA+UgQbQAYbAFFgAG+AI' +
  '3IAX8AchYDNggRiQCHggA+SCXaAAFIFScBBUgzrQCJpBGzgDusB5cBlcA7fAXTAKHgM+mAKvwDx4D5YgCMJCZIgKSUEKkCqkDRlCTMgKcoQ8IF8oBAqHoiEu' +
  'lAblQruhIqgMqobqoWboJ+gcdBm6AQ1DD6EJaBb6E/oEIzAJpsFysBqsBzNhW9gd9oc3wdFwMpwN58P74Eq4AT4Fd8KX4VvwKMyHX8ELCECICB1RRHQQJmKP' +
  'eCGhSBTCQ7YjhUgF0oC0IT3IAHIP4SNzyEcUBkVFMVA6KAuUCyoAxUIlo7ajilHVqJOoTlQ/6h5qAjWP+oomo2XR2mhztCs6GB2NzkAXoCvQTegO9FX0KHoK' +
  '/R6DwdAx6hhTjAsmBBOHycEUYw5j2jGXMMOYScwCFouVwmpjLbFe2AhsKrYAW4U9hb2IHcFOYT/giDgFnCHOCReK4+LycBW4FlwvbgQ3jVvCi+FV8eZ4Lzwb' +
  'n4UvwTfie/B38FP4JYI4QZ1gSfAnxBF2ESoJbYSrhCeEt0QiUYloRvQhxhJ3EiuJp4nXiRPEjyQKSYtkTwojpZH2kU6QLpEekt6SyWQ1sg05lJxK3kduJl8h' +
  'PyN/EKGK6Iq4irBFdojUiHSKjIi8FsWLqoraim4WzRatED0rekd0TgwvpiZmLxYhtl2sRuyc2LjYgjhV3EDcSzxRvFi8RfyG+AwFS1GjOFLYlHzKMcoVyiQV' +
  'oSpT7aks6m5qI/UqdYqGoanTXGlxtCLaj7Qh2rwERcJIIlAiU6JG4oIEn47Q1eiu9AR6Cf0MfYz+aY3cGts1nDV717StGVmzKCkjaSPJkSyUbJcclfwkxZBy' +
  'lIqX2i/VJfVUGiWtJe0jnSF9RPqq9JwMTcZChiVTKHNG5pEsLKsl6yubI3tMdlB2QU5ezlkuSa5K7orcnDxd3kY+Tr5cvld+VoGqYKUQq1CucFHhJUOCYctI' +
  'YFQy+hnzirKKLoppivWKQ4pLSupKAUp5Su1KT5UJykzlKOVy5T7leRUFFU+VXJVWlUeqeFWmaozqIdUB1UU1dbUgtT1qXWoz6pLqrurZ6q3qTzTIGtYayRoN' +
  'Gvc1MZpMzXjNw5p3tWAtY60YrRqtO9qwtol2rPZh7eG16LVma7lrG9aO65B0bHXSdVp1JnTpuh66ebpduq/1VPRC9fbrDeh91TfWT9Bv1H9sQDFwM8gz6DH4' +
  '01DLkGVYY3h/HXmd07od67rXvTHSNuIYHTF6YEw19jTeY9xn/MXE1IRn0mYya6piGm5aazrOpDG9mcXM62ZoMzuzHWbnzT6am5inmp8x/8NCxyLeosViZr36' +
  'es76xvWTlkqWEZb1lnwrhlW41VErvrWidYR1g/VzG2Ubtk2TzbStpm2c7Snb13b6djy7DrtFe3P7bfaXHBAHZ4dChyFHimOAY7XjMyclp2inVqd5Z2PnHOdL' +
  'LmgXd5f9LuOucq4s12bXeTdTt21u/e4kdz/3avfnHloePI8eT9jTzfOA55MNqhu4G7q8gJer1wGvp97q3snev/hgfLx9anxe+Br45voO+FH9tvi1+L33t/Mv' +
  '8X8coBGQFtAXKBoYFtgcuBjkEFQWxA/WC94WfCtEOiQ2pDsUGxoY2hS6sNFx48GNU2HGYQVhY5vUN2VuurFZenPC5gtbRLdEbDkbjg4PCm8J/xzhFdEQsRDp' +
  'GlkbOc+yZx1ivWLbsMvZsxxLThlnOsoyqixqJtoy+kD0bIx1TEXMXKx9bHXsmziXuLq4xXiv+BPxywlBCe2JuMTwxHNcCjee279Vfmvm1uEk7aSCJH6yefLB' +
  '5HmeO68pBUrZlNKdShP8pAfTNNK+S5tIt0qvSf+QEZhxNlM8k5s5mKWVtTdrOtsp+3gOKoeV05ermLsrd2Kb7bb67dD2yO19O5R35O+Y2um88+Quwq74Xbfz' +
  '9PPK8t7tDtrdky+XvzN/8jvn71oLRAp4BeN7LPbUfY/6Pvb7ob3r9lbt/VrILrxZpF9UUfS5mFV88weDHyp/WN4XtW+oxKTkSCmmlFs6tt96/8ky8bLssskD' +
  'ngc6yxnlheXvDm45eKPCqKLuEOFQ2iF+pUdld5VKVWnV5+qY6tEau5r2WtnavbWLh9mHR47YHGmrk6srqvt0NPbog3rn+s4GtYaKY5hj6cdeNAY2DhxnHm9u' +
  'km4qavpygnuCf9L3ZH+zaXNzi2xLSSvcmtY6eyrs1N0fHX7sbtNpq2+ntxedBqfTTr/8KfynsTPuZ/rOMs+2/az6c20HtaOwE+rM6pzviunid4d0D59zO9fX' +
  'Y9HT8YvuLyfOK56vuSBxoaSX0Jvfu3wx++LCpaRLc5ejL0/2bel7fCX4yv1+n/6hq+5Xr19zunZlwHbg4nXL6+dvmN84d5N5s+uWya3OQePBjtvGtzuGTIY6' +
  '75je6b5rdrdneP1w74j1yOV7Dveu3Xe9f2t0w+jwWMDYg/Gwcf4D9oOZhwkP3zxKf7T0eOcT9JPCp2JPK57JPmv4VfPXdr4J/8KEw8Tgc7/njydZk69+S/nt' +
  '81T+C/KLimmF6eYZw5nzs06zd19ufDn1KunV0lzB7+K/177WeP3zHzZ/DM4Hz0+94b1Z/rP4rdTbE++M3vUteC88e5/4fmmx8IPUh5MfmR8HPgV9ml7K+Iz9' +
  'XPlF80vPV/evT5YTl5eFLiB0AaELCF1A6AJCFxC6gNAFhC4gdAGhCwhdQOgCQhcQusD/sQus9nEEgaw8jo0D4J8DgMdtAKqqAVCLEvQXwlI5mYL+DgDcrQzW' +
  '1qQsXmx0TOpaRloKhxHF43ASsgDhbw5/Ch0=';

/** The profile, zlib-compressed (a /FlateDecode stream as it is). */
export function srgbProfileDeflated(): Uint8Array {
  return Buffer.from(BASE64, 'base64');
}

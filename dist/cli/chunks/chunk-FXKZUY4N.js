#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  EMPTY_JSON_DIGEST,
  MediaType,
  isIndexMediaType,
  openImage,
  parseManifest,
  require_tar_stream
} from "./chunk-YWMM5RF6.js";
import {
  StellaError,
  decompressors,
  errorMessage,
  isoSeconds,
  sha256Digest,
  silentLogger,
  sniffCompression,
  timestampFrom,
  writeFileAtomic
} from "./chunk-BBNKGYBP.js";
import {
  __commonJS,
  __name,
  __require,
  __toESM
} from "./chunk-GT7O54H4.js";

// node_modules/@cyclonedx/cyclonedx-library/res/schema/spdx.SNAPSHOT.schema.json
var require_spdx_SNAPSHOT_schema = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/res/schema/spdx.SNAPSHOT.schema.json"(exports, module) {
    module.exports = {
      $schema: "http://json-schema.org/draft-07/schema#",
      $id: "http://cyclonedx.org/schema/spdx.schema.json",
      $comment: "v1.1-3.29.0",
      type: "string",
      enum: [
        "0BSD",
        "3D-Slicer-1.0",
        "AAL",
        "Abstyles",
        "AdaCore-doc",
        "Adobe-2006",
        "Adobe-Display-PostScript",
        "Adobe-Glyph",
        "Adobe-Utopia",
        "ADSL",
        "Advanced-Cryptics-Dictionary",
        "AFL-1.1",
        "AFL-1.2",
        "AFL-2.0",
        "AFL-2.1",
        "AFL-3.0",
        "Afmparse",
        "AGPL-1.0",
        "AGPL-1.0-only",
        "AGPL-1.0-or-later",
        "AGPL-3.0",
        "AGPL-3.0-only",
        "AGPL-3.0-or-later",
        "Aladdin",
        "ALGLIB-Documentation",
        "AMD-newlib",
        "AMDPLPA",
        "AML",
        "AML-glslang",
        "AMPAS",
        "ANTLR-PD",
        "ANTLR-PD-fallback",
        "any-OSI",
        "any-OSI-perl-modules",
        "Apache-1.0",
        "Apache-1.1",
        "Apache-2.0",
        "APAFML",
        "APL-1.0",
        "App-s2p",
        "APSL-1.0",
        "APSL-1.1",
        "APSL-1.2",
        "APSL-2.0",
        "Arphic-1999",
        "Artistic-1.0",
        "Artistic-1.0-cl8",
        "Artistic-1.0-Perl",
        "Artistic-2.0",
        "Artistic-dist",
        "Aspell-RU",
        "ASWF-Digital-Assets-1.0",
        "ASWF-Digital-Assets-1.1",
        "atc-game",
        "Baekmuk",
        "Bahyph",
        "Barr",
        "bcrypt-Solar-Designer",
        "Beerware",
        "Bitstream-Charter",
        "Bitstream-Vera",
        "BitTorrent-1.0",
        "BitTorrent-1.1",
        "blessing",
        "BlueOak-1.0.0",
        "Boehm-GC",
        "Boehm-GC-without-fee",
        "BOLA-1.1",
        "Borceux",
        "Brian-Gladman-2-Clause",
        "Brian-Gladman-3-Clause",
        "Brian-Gladman-3-Clause-no-conversion",
        "BSD-1-Clause",
        "BSD-2-Clause",
        "BSD-2-Clause-Darwin",
        "BSD-2-Clause-first-lines",
        "BSD-2-Clause-FreeBSD",
        "BSD-2-Clause-NetBSD",
        "BSD-2-Clause-Patent",
        "BSD-2-Clause-pkgconf-disclaimer",
        "BSD-2-Clause-pos-unchanged",
        "BSD-2-Clause-Views",
        "BSD-3-Clause",
        "BSD-3-Clause-acpica",
        "BSD-3-Clause-Attribution",
        "BSD-3-Clause-Clear",
        "BSD-3-Clause-flex",
        "BSD-3-Clause-HP",
        "BSD-3-Clause-LBNL",
        "BSD-3-Clause-Modification",
        "BSD-3-Clause-No-Military-License",
        "BSD-3-Clause-No-Nuclear-License",
        "BSD-3-Clause-No-Nuclear-License-2014",
        "BSD-3-Clause-No-Nuclear-Warranty",
        "BSD-3-Clause-Open-MPI",
        "BSD-3-Clause-OpenWebUI",
        "BSD-3-Clause-Sun",
        "BSD-3-Clause-Tso",
        "BSD-4-Clause",
        "BSD-4-Clause-Shortened",
        "BSD-4-Clause-UC",
        "BSD-4.3RENO",
        "BSD-4.3TAHOE",
        "BSD-Advertising-Acknowledgement",
        "BSD-ask-to-endorse",
        "BSD-Attribution-HPND-disclaimer",
        "BSD-Inferno-Nettverk",
        "BSD-Mark-Modifications",
        "BSD-Protection",
        "BSD-Source-alt-GPL",
        "BSD-Source-beginning-file",
        "BSD-Source-Code",
        "BSD-Source-Code-no-disclaimer",
        "BSD-Systemics",
        "BSD-Systemics-W3Works",
        "BSL-1.0",
        "Buddy",
        "Bugroff",
        "BUSL-1.1",
        "bzip2-1.0.5",
        "bzip2-1.0.6",
        "C-UDA-1.0",
        "CAL-1.0",
        "CAL-1.0-Combined-Work-Exception",
        "Caldera",
        "Caldera-no-preamble",
        "CAPEC-tou",
        "Catharon",
        "CATOSL-1.1",
        "CC-BY-1.0",
        "CC-BY-2.0",
        "CC-BY-2.5",
        "CC-BY-2.5-AU",
        "CC-BY-3.0",
        "CC-BY-3.0-AT",
        "CC-BY-3.0-AU",
        "CC-BY-3.0-DE",
        "CC-BY-3.0-IGO",
        "CC-BY-3.0-NL",
        "CC-BY-3.0-US",
        "CC-BY-4.0",
        "CC-BY-NC-1.0",
        "CC-BY-NC-2.0",
        "CC-BY-NC-2.5",
        "CC-BY-NC-3.0",
        "CC-BY-NC-3.0-DE",
        "CC-BY-NC-3.0-IGO",
        "CC-BY-NC-4.0",
        "CC-BY-NC-ND-1.0",
        "CC-BY-NC-ND-2.0",
        "CC-BY-NC-ND-2.5",
        "CC-BY-NC-ND-3.0",
        "CC-BY-NC-ND-3.0-DE",
        "CC-BY-NC-ND-3.0-IGO",
        "CC-BY-NC-ND-4.0",
        "CC-BY-NC-SA-1.0",
        "CC-BY-NC-SA-2.0",
        "CC-BY-NC-SA-2.0-DE",
        "CC-BY-NC-SA-2.0-FR",
        "CC-BY-NC-SA-2.0-UK",
        "CC-BY-NC-SA-2.5",
        "CC-BY-NC-SA-3.0",
        "CC-BY-NC-SA-3.0-DE",
        "CC-BY-NC-SA-3.0-IGO",
        "CC-BY-NC-SA-4.0",
        "CC-BY-ND-1.0",
        "CC-BY-ND-2.0",
        "CC-BY-ND-2.5",
        "CC-BY-ND-3.0",
        "CC-BY-ND-3.0-DE",
        "CC-BY-ND-4.0",
        "CC-BY-SA-1.0",
        "CC-BY-SA-2.0",
        "CC-BY-SA-2.0-UK",
        "CC-BY-SA-2.1-JP",
        "CC-BY-SA-2.5",
        "CC-BY-SA-3.0",
        "CC-BY-SA-3.0-AT",
        "CC-BY-SA-3.0-DE",
        "CC-BY-SA-3.0-IGO",
        "CC-BY-SA-4.0",
        "CC-PDDC",
        "CC-PDM-1.0",
        "CC-SA-1.0",
        "CC0-1.0",
        "CDDL-1.0",
        "CDDL-1.1",
        "CDL-1.0",
        "CDLA-Permissive-1.0",
        "CDLA-Permissive-2.0",
        "CDLA-Sharing-1.0",
        "CECILL-1.0",
        "CECILL-1.1",
        "CECILL-2.0",
        "CECILL-2.1",
        "CECILL-B",
        "CECILL-C",
        "CERN-OHL-1.1",
        "CERN-OHL-1.2",
        "CERN-OHL-P-2.0",
        "CERN-OHL-S-2.0",
        "CERN-OHL-W-2.0",
        "CFITSIO",
        "check-cvs",
        "checkmk",
        "ClArtistic",
        "Clips",
        "CMU-Mach",
        "CMU-Mach-nodoc",
        "CNRI-Jython",
        "CNRI-Python",
        "CNRI-Python-GPL-Compatible",
        "COIL-1.0",
        "Community-Spec-1.0",
        "Condor-1.1",
        "copyleft-next-0.3.0",
        "copyleft-next-0.3.1",
        "Cornell-Lossless-JPEG",
        "CPAL-1.0",
        "CPL-1.0",
        "CPOL-1.02",
        "Cronyx",
        "Crossword",
        "CryptoSwift",
        "CrystalStacker",
        "CUA-OPL-1.0",
        "Cube",
        "curl",
        "cve-tou",
        "D-FSL-1.0",
        "DEC-3-Clause",
        "diffmark",
        "DL-DE-BY-2.0",
        "DL-DE-ZERO-2.0",
        "DOC",
        "DocBook-DTD",
        "DocBook-Schema",
        "DocBook-Stylesheet",
        "DocBook-XML",
        "Dotseqn",
        "DRL-1.0",
        "DRL-1.1",
        "DSDP",
        "dtoa",
        "dvipdfm",
        "ECL-1.0",
        "ECL-2.0",
        "eCos-2.0",
        "EFL-1.0",
        "EFL-2.0",
        "eGenix",
        "Elastic-2.0",
        "Entessa",
        "EPICS",
        "EPL-1.0",
        "EPL-2.0",
        "ErlPL-1.1",
        "ESA-PL-permissive-2.4",
        "ESA-PL-strong-copyleft-2.4",
        "ESA-PL-weak-copyleft-2.4",
        "etalab-2.0",
        "EUDatagrid",
        "EUPL-1.0",
        "EUPL-1.1",
        "EUPL-1.2",
        "Eurosym",
        "Fair",
        "FBM",
        "FDK-AAC",
        "FDK-MPEG-H",
        "Ferguson-Twofish",
        "Frameworx-1.0",
        "FreeBSD-DOC",
        "FreeImage",
        "FSFAP",
        "FSFAP-no-warranty-disclaimer",
        "FSFUL",
        "FSFULLR",
        "FSFULLRSD",
        "FSFULLRWD",
        "FSL-1.1-ALv2",
        "FSL-1.1-MIT",
        "FTL",
        "Furuseth",
        "fwlw",
        "Game-Programming-Gems",
        "GCR-docs",
        "GD",
        "generic-xts",
        "GFDL-1.1",
        "GFDL-1.1-invariants-only",
        "GFDL-1.1-invariants-or-later",
        "GFDL-1.1-no-invariants-only",
        "GFDL-1.1-no-invariants-or-later",
        "GFDL-1.1-only",
        "GFDL-1.1-or-later",
        "GFDL-1.2",
        "GFDL-1.2-invariants-only",
        "GFDL-1.2-invariants-or-later",
        "GFDL-1.2-no-invariants-only",
        "GFDL-1.2-no-invariants-or-later",
        "GFDL-1.2-only",
        "GFDL-1.2-or-later",
        "GFDL-1.3",
        "GFDL-1.3-invariants-only",
        "GFDL-1.3-invariants-or-later",
        "GFDL-1.3-no-invariants-only",
        "GFDL-1.3-no-invariants-or-later",
        "GFDL-1.3-only",
        "GFDL-1.3-or-later",
        "Giftware",
        "GL2PS",
        "Glide",
        "Glulxe",
        "GLWTPL",
        "gnuplot",
        "GPL-1.0",
        "GPL-1.0+",
        "GPL-1.0-only",
        "GPL-1.0-or-later",
        "GPL-2.0",
        "GPL-2.0+",
        "GPL-2.0-only",
        "GPL-2.0-or-later",
        "GPL-2.0-with-autoconf-exception",
        "GPL-2.0-with-bison-exception",
        "GPL-2.0-with-classpath-exception",
        "GPL-2.0-with-font-exception",
        "GPL-2.0-with-GCC-exception",
        "GPL-3.0",
        "GPL-3.0+",
        "GPL-3.0-only",
        "GPL-3.0-or-later",
        "GPL-3.0-with-autoconf-exception",
        "GPL-3.0-with-GCC-exception",
        "Graphics-Gems",
        "gSOAP-1.3b",
        "gtkbook",
        "Gutmann",
        "HaskellReport",
        "HDF5",
        "hdparm",
        "HIDAPI",
        "Hippocratic-2.1",
        "Hippocratic-3.0-core",
        "HP-1986",
        "HP-1989",
        "HPND",
        "HPND-DEC",
        "HPND-doc",
        "HPND-doc-sell",
        "HPND-export-US",
        "HPND-export-US-acknowledgement",
        "HPND-export-US-modify",
        "HPND-export2-US",
        "HPND-Fenneberg-Livingston",
        "HPND-INRIA-IMAG",
        "HPND-Intel",
        "HPND-Kevlin-Henney",
        "HPND-Markus-Kuhn",
        "HPND-merchantability-variant",
        "HPND-MIT-disclaimer",
        "HPND-Netrek",
        "HPND-Pbmplus",
        "HPND-sell-MIT-disclaimer-xserver",
        "HPND-sell-regexpr",
        "HPND-sell-variant",
        "HPND-sell-variant-critical-systems",
        "HPND-sell-variant-MIT-disclaimer",
        "HPND-sell-variant-MIT-disclaimer-rev",
        "HPND-SMC",
        "HPND-UC",
        "HPND-UC-export-US",
        "HTMLTIDY",
        "hyphen-bulgarian",
        "IBM-pibs",
        "ICU",
        "IEC-Code-Components-EULA",
        "IJG",
        "IJG-short",
        "ImageMagick",
        "iMatix",
        "Imlib2",
        "Info-ZIP",
        "Informatica",
        "Inner-Net-2.0",
        "InnoSetup",
        "Intel",
        "Intel-ACPI",
        "Interbase-1.0",
        "IPA",
        "IPL-1.0",
        "ISC",
        "ISC-Veillard",
        "ISO-permission",
        "Jam",
        "JasPer-2.0",
        "jove",
        "JPL-image",
        "JPNIC",
        "JSON",
        "Kastrup",
        "Kazlib",
        "Knuth-CTAN",
        "LAL-1.2",
        "LAL-1.3",
        "Latex2e",
        "Latex2e-translated-notice",
        "Leptonica",
        "LGPL-2.0",
        "LGPL-2.0+",
        "LGPL-2.0-only",
        "LGPL-2.0-or-later",
        "LGPL-2.1",
        "LGPL-2.1+",
        "LGPL-2.1-only",
        "LGPL-2.1-or-later",
        "LGPL-3.0",
        "LGPL-3.0+",
        "LGPL-3.0-only",
        "LGPL-3.0-or-later",
        "LGPLLR",
        "Libpng",
        "libpng-1.6.35",
        "libpng-2.0",
        "libselinux-1.0",
        "libtiff",
        "libutil-David-Nugent",
        "LiLiQ-P-1.1",
        "LiLiQ-R-1.1",
        "LiLiQ-Rplus-1.1",
        "Linux-man-pages-1-para",
        "Linux-man-pages-copyleft",
        "Linux-man-pages-copyleft-2-para",
        "Linux-man-pages-copyleft-var",
        "Linux-OpenIB",
        "LOOP",
        "LPD-document",
        "LPL-1.0",
        "LPL-1.02",
        "LPPL-1.0",
        "LPPL-1.1",
        "LPPL-1.2",
        "LPPL-1.3a",
        "LPPL-1.3c",
        "lsof",
        "Lucida-Bitmap-Fonts",
        "LZMA-SDK-9.11-to-9.20",
        "LZMA-SDK-9.22",
        "Mackerras-3-Clause",
        "Mackerras-3-Clause-acknowledgment",
        "magaz",
        "mailprio",
        "MakeIndex",
        "man2html",
        "Martin-Birgmeier",
        "McPhee-slideshow",
        "metamail",
        "Minpack",
        "MIPS",
        "MirOS",
        "MIT",
        "MIT-0",
        "MIT-advertising",
        "MIT-Click",
        "MIT-CMU",
        "MIT-enna",
        "MIT-feh",
        "MIT-Festival",
        "MIT-Khronos-old",
        "MIT-Modern-Variant",
        "MIT-open-group",
        "MIT-STK",
        "MIT-testregex",
        "MIT-Wu",
        "MITNFA",
        "MMIXware",
        "MMPL-1.0.1",
        "Motosoto",
        "MPEG-SSG",
        "mpi-permissive",
        "mpich2",
        "MPL-1.0",
        "MPL-1.1",
        "MPL-2.0",
        "MPL-2.0-no-copyleft-exception",
        "mplus",
        "MS-LPL",
        "MS-PL",
        "MS-RL",
        "MTLL",
        "MulanPSL-1.0",
        "MulanPSL-2.0",
        "Multics",
        "Mup",
        "MVT-1.1",
        "NAIST-2003",
        "NASA-1.3",
        "Naumen",
        "NBPL-1.0",
        "NCBI-PD",
        "NCGL-UK-2.0",
        "NCL",
        "NCSA",
        "Net-SNMP",
        "NetCDF",
        "Newsletr",
        "NGPL",
        "ngrep",
        "NICTA-1.0",
        "NIST-PD",
        "NIST-PD-fallback",
        "NIST-PD-TNT",
        "NIST-Software",
        "NLOD-1.0",
        "NLOD-2.0",
        "NLPL",
        "Nokia",
        "NOSL",
        "Noweb",
        "NPL-1.0",
        "NPL-1.1",
        "NPOSL-3.0",
        "NRL",
        "NTIA-PD",
        "NTP",
        "NTP-0",
        "Nunit",
        "O-UDA-1.0",
        "OAR",
        "OCCT-PL",
        "OCLC-2.0",
        "ODbL-1.0",
        "ODC-By-1.0",
        "OFFIS",
        "OFL-1.0",
        "OFL-1.0-no-RFN",
        "OFL-1.0-RFN",
        "OFL-1.1",
        "OFL-1.1-no-RFN",
        "OFL-1.1-RFN",
        "OGC-1.0",
        "OGDL-Taiwan-1.0",
        "OGL-Canada-2.0",
        "OGL-UK-1.0",
        "OGL-UK-2.0",
        "OGL-UK-3.0",
        "OGTSL",
        "OLDAP-1.1",
        "OLDAP-1.2",
        "OLDAP-1.3",
        "OLDAP-1.4",
        "OLDAP-2.0",
        "OLDAP-2.0.1",
        "OLDAP-2.1",
        "OLDAP-2.2",
        "OLDAP-2.2.1",
        "OLDAP-2.2.2",
        "OLDAP-2.3",
        "OLDAP-2.4",
        "OLDAP-2.5",
        "OLDAP-2.6",
        "OLDAP-2.7",
        "OLDAP-2.8",
        "OLFL-1.3",
        "OML",
        "OpenMDW-1.0",
        "OpenPBS-2.3",
        "OpenSSL",
        "OpenSSL-standalone",
        "OpenVision",
        "OPL-1.0",
        "OPL-UK-3.0",
        "OPUBL-1.0",
        "OSC-1.0",
        "OSET-PL-2.1",
        "OSL-1.0",
        "OSL-1.1",
        "OSL-2.0",
        "OSL-2.1",
        "OSL-3.0",
        "OSSP",
        "PADL",
        "ParaType-Free-Font-1.3",
        "Parity-6.0.0",
        "Parity-7.0.0",
        "PDDL-1.0",
        "PHP-3.0",
        "PHP-3.01",
        "Pixar",
        "pkgconf",
        "Plexus",
        "pnmstitch",
        "PolyForm-Noncommercial-1.0.0",
        "PolyForm-Small-Business-1.0.0",
        "PostgreSQL",
        "PPL",
        "PSF-2.0",
        "psfrag",
        "psutils",
        "Python-2.0",
        "Python-2.0.1",
        "python-ldap",
        "Qhull",
        "QPL-1.0",
        "QPL-1.0-INRIA-2004",
        "radvd",
        "Rdisc",
        "RHeCos-1.1",
        "RPL-1.1",
        "RPL-1.5",
        "RPSL-1.0",
        "RSA-MD",
        "RSCPL",
        "Ruby",
        "Ruby-pty",
        "SAX-PD",
        "SAX-PD-2.0",
        "Saxpath",
        "SCEA",
        "SchemeReport",
        "Sendmail",
        "Sendmail-8.23",
        "Sendmail-Open-Source-1.1",
        "SGI-B-1.0",
        "SGI-B-1.1",
        "SGI-B-2.0",
        "SGI-OpenGL",
        "SGMLUG-PM",
        "SGP4",
        "SHL-0.5",
        "SHL-0.51",
        "SimPL-2.0",
        "SISSL",
        "SISSL-1.2",
        "SL",
        "Sleepycat",
        "SMAIL-GPL",
        "SMLNJ",
        "SMPPL",
        "SNIA",
        "snprintf",
        "SOFA",
        "softSurfer",
        "Soundex",
        "Spencer-86",
        "Spencer-94",
        "Spencer-99",
        "SPL-1.0",
        "ssh-keyscan",
        "SSH-OpenSSH",
        "SSH-short",
        "SSLeay-standalone",
        "SSPL-1.0",
        "StandardML-NJ",
        "SugarCRM-1.1.3",
        "SUL-1.0",
        "Sun-PPP",
        "Sun-PPP-2000",
        "SunPro",
        "SWL",
        "swrule",
        "Symlinks",
        "TAPR-OHL-1.0",
        "TCL",
        "TCP-wrappers",
        "TekHVC",
        "TermReadKey",
        "TGPPL-1.0",
        "ThirdEye",
        "threeparttable",
        "TMate",
        "TORQUE-1.1",
        "TOSL",
        "TPDL",
        "TPL-1.0",
        "TrustedQSL",
        "TTWL",
        "TTYP0",
        "TU-Berlin-1.0",
        "TU-Berlin-2.0",
        "Ubuntu-font-1.0",
        "UCAR",
        "UCL-1.0",
        "ulem",
        "UMich-Merit",
        "Unicode-3.0",
        "Unicode-DFS-2015",
        "Unicode-DFS-2016",
        "Unicode-TOU",
        "UnixCrypt",
        "Unlicense",
        "Unlicense-libtelnet",
        "Unlicense-libwhirlpool",
        "UnRAR",
        "UPL-1.0",
        "URT-RLE",
        "Vim",
        "Vixie-Cron",
        "VOSTROM",
        "VSL-1.0",
        "W3C",
        "W3C-19980720",
        "W3C-20150513",
        "w3m",
        "Watcom-1.0",
        "Widget-Workshop",
        "WordNet",
        "Wsuipa",
        "WTFNMFPL",
        "WTFPL",
        "wwl",
        "wxWindows",
        "X11",
        "X11-distribute-modifications-variant",
        "X11-no-permit-persons",
        "X11-swapped",
        "Xdebug-1.03",
        "Xerox",
        "Xfig",
        "XFree86-1.1",
        "xinetd",
        "xkeyboard-config-Zinoviev",
        "xlock",
        "Xnet",
        "xpp",
        "XSkat",
        "xzoom",
        "YPL-1.0",
        "YPL-1.1",
        "Zed",
        "Zeeff",
        "Zend-2.0",
        "Zimbra-1.3",
        "Zimbra-1.4",
        "Zlib",
        "zlib-acknowledgement",
        "ZPL-1.1",
        "ZPL-2.0",
        "ZPL-2.1",
        "389-exception",
        "Asterisk-exception",
        "Asterisk-linking-protocols-exception",
        "Autoconf-exception-2.0",
        "Autoconf-exception-3.0",
        "Autoconf-exception-generic",
        "Autoconf-exception-generic-3.0",
        "Autoconf-exception-macro",
        "Bison-exception-1.24",
        "Bison-exception-2.2",
        "Bootloader-exception",
        "CGAL-linking-exception",
        "Classpath-exception-2.0",
        "Classpath-exception-2.0-short",
        "CLISP-exception-2.0",
        "cryptsetup-OpenSSL-exception",
        "Digia-Qt-LGPL-exception-1.1",
        "DigiRule-FOSS-exception",
        "eCos-exception-2.0",
        "erlang-otp-linking-exception",
        "Fawkes-Runtime-exception",
        "FLTK-exception",
        "fmt-exception",
        "Font-exception-2.0",
        "freertos-exception-2.0",
        "GCC-exception-2.0",
        "GCC-exception-2.0-note",
        "GCC-exception-3.1",
        "Gmsh-exception",
        "GNAT-exception",
        "GNOME-examples-exception",
        "GNU-compiler-exception",
        "gnu-javamail-exception",
        "Google-Patent-WebM",
        "GPL-3.0-389-ds-base-exception",
        "GPL-3.0-interface-exception",
        "GPL-3.0-linking-exception",
        "GPL-3.0-linking-source-exception",
        "GPL-CC-1.0",
        "GStreamer-exception-2005",
        "GStreamer-exception-2008",
        "harbour-exception",
        "i2p-gpl-java-exception",
        "Independent-modules-exception",
        "KiCad-libraries-exception",
        "kvirc-openssl-exception",
        "LGPL-3.0-linking-exception",
        "libpri-OpenH323-exception",
        "Libtool-exception",
        "Linux-syscall-note",
        "LLGPL",
        "LLVM-exception",
        "LZMA-exception",
        "mif-exception",
        "mxml-exception",
        "Nokia-Qt-exception-1.1",
        "OCaml-LGPL-linking-exception",
        "OCCT-exception-1.0",
        "OpenJDK-assembly-exception-1.0",
        "openvpn-openssl-exception",
        "PCRE2-exception",
        "polyparse-exception",
        "PS-or-PDF-font-exception-20170817",
        "QPL-1.0-INRIA-2004-exception",
        "Qt-GPL-exception-1.0",
        "Qt-LGPL-exception-1.1",
        "Qwt-exception-1.0",
        "romic-exception",
        "RRDtool-FLOSS-exception-2.0",
        "rsync-linking-exception",
        "SANE-exception",
        "SHL-2.0",
        "SHL-2.1",
        "Simple-Library-Usage-exception",
        "Spelling-Provider-LGPL-exception",
        "sqlitestudio-OpenSSL-exception",
        "stunnel-exception",
        "SWI-exception",
        "Swift-exception",
        "Texinfo-exception",
        "u-boot-exception-2.0",
        "UBDL-exception",
        "Universal-FOSS-exception-1.0",
        "vsftpd-openssl-exception",
        "WxWindows-exception-3.1",
        "x11vnc-openssl-exception"
      ],
      "meta:enum": {
        "0BSD": "BSD Zero Clause License",
        "3D-Slicer-1.0": "3D Slicer License v1.0",
        AAL: "Attribution Assurance License",
        Abstyles: "Abstyles License",
        "AdaCore-doc": "AdaCore Doc License",
        "Adobe-2006": "Adobe Systems Incorporated Source Code License Agreement",
        "Adobe-Display-PostScript": "Adobe Display PostScript License",
        "Adobe-Glyph": "Adobe Glyph List License",
        "Adobe-Utopia": "Adobe Utopia Font License",
        ADSL: "Amazon Digital Services License",
        "Advanced-Cryptics-Dictionary": "Advanced Cryptics Dictionary License",
        "AFL-1.1": "Academic Free License v1.1",
        "AFL-1.2": "Academic Free License v1.2",
        "AFL-2.0": "Academic Free License v2.0",
        "AFL-2.1": "Academic Free License v2.1",
        "AFL-3.0": "Academic Free License v3.0",
        Afmparse: "Afmparse License",
        "AGPL-1.0": "Affero General Public License v1.0",
        "AGPL-1.0-only": "Affero General Public License v1.0 only",
        "AGPL-1.0-or-later": "Affero General Public License v1.0 or later",
        "AGPL-3.0": "GNU Affero General Public License v3.0",
        "AGPL-3.0-only": "GNU Affero General Public License v3.0 only",
        "AGPL-3.0-or-later": "GNU Affero General Public License v3.0 or later",
        Aladdin: "Aladdin Free Public License",
        "ALGLIB-Documentation": "ALGLIB Documentation License",
        "AMD-newlib": "AMD newlib License",
        AMDPLPA: "AMD's plpa_map.c License",
        AML: "Apple MIT License",
        "AML-glslang": "AML glslang variant License",
        AMPAS: "Academy of Motion Picture Arts and Sciences BSD",
        "ANTLR-PD": "ANTLR Software Rights Notice",
        "ANTLR-PD-fallback": "ANTLR Software Rights Notice with license fallback",
        "any-OSI": "Any OSI License",
        "any-OSI-perl-modules": "Any OSI License - Perl Modules",
        "Apache-1.0": "Apache License 1.0",
        "Apache-1.1": "Apache License 1.1",
        "Apache-2.0": "Apache License 2.0",
        APAFML: "Adobe Postscript AFM License",
        "APL-1.0": "Adaptive Public License 1.0",
        "App-s2p": "App::s2p License",
        "APSL-1.0": "Apple Public Source License 1.0",
        "APSL-1.1": "Apple Public Source License 1.1",
        "APSL-1.2": "Apple Public Source License 1.2",
        "APSL-2.0": "Apple Public Source License 2.0",
        "Arphic-1999": "Arphic Public License",
        "Artistic-1.0": "Artistic License 1.0",
        "Artistic-1.0-cl8": "Artistic License 1.0 w/clause 8",
        "Artistic-1.0-Perl": "Artistic License 1.0 (Perl)",
        "Artistic-2.0": "Artistic License 2.0",
        "Artistic-dist": "Artistic License 1.0 (dist)",
        "Aspell-RU": "Aspell Russian License",
        "ASWF-Digital-Assets-1.0": "ASWF Digital Assets License version 1.0",
        "ASWF-Digital-Assets-1.1": "ASWF Digital Assets License 1.1",
        "atc-game": "atc Game License",
        Baekmuk: "Baekmuk License",
        Bahyph: "Bahyph License",
        Barr: "Barr License",
        "bcrypt-Solar-Designer": "bcrypt Solar Designer License",
        Beerware: "Beerware License",
        "Bitstream-Charter": "Bitstream Charter Font License",
        "Bitstream-Vera": "Bitstream Vera Font License",
        "BitTorrent-1.0": "BitTorrent Open Source License v1.0",
        "BitTorrent-1.1": "BitTorrent Open Source License v1.1",
        blessing: "SQLite Blessing",
        "BlueOak-1.0.0": "Blue Oak Model License 1.0.0",
        "Boehm-GC": "Boehm-Demers-Weiser GC License",
        "Boehm-GC-without-fee": "Boehm-Demers-Weiser GC License (without fee)",
        "BOLA-1.1": "Buena Onda License Agreement v1.1",
        Borceux: "Borceux license",
        "Brian-Gladman-2-Clause": "Brian Gladman 2-Clause License",
        "Brian-Gladman-3-Clause": "Brian Gladman 3-Clause License",
        "Brian-Gladman-3-Clause-no-conversion": "Brian Gladman 3-Clause License (no conversion clause)",
        "BSD-1-Clause": "BSD 1-Clause License",
        "BSD-2-Clause": 'BSD 2-Clause "Simplified" License',
        "BSD-2-Clause-Darwin": "BSD 2-Clause - Ian Darwin variant",
        "BSD-2-Clause-first-lines": "BSD 2-Clause - first lines requirement",
        "BSD-2-Clause-FreeBSD": "BSD 2-Clause FreeBSD License",
        "BSD-2-Clause-NetBSD": "BSD 2-Clause NetBSD License",
        "BSD-2-Clause-Patent": "BSD-2-Clause Plus Patent License",
        "BSD-2-Clause-pkgconf-disclaimer": "BSD 2-Clause pkgconf disclaimer variant",
        "BSD-2-Clause-pos-unchanged": "BSD 2-Clause - position unchanged variant",
        "BSD-2-Clause-Views": "BSD 2-Clause with views sentence",
        "BSD-3-Clause": 'BSD 3-Clause "New" or "Revised" License',
        "BSD-3-Clause-acpica": "BSD 3-Clause acpica variant",
        "BSD-3-Clause-Attribution": "BSD with attribution",
        "BSD-3-Clause-Clear": "BSD 3-Clause Clear License",
        "BSD-3-Clause-flex": "BSD 3-Clause Flex variant",
        "BSD-3-Clause-HP": "Hewlett-Packard BSD variant license",
        "BSD-3-Clause-LBNL": "Lawrence Berkeley National Labs BSD variant license",
        "BSD-3-Clause-Modification": "BSD 3-Clause Modification",
        "BSD-3-Clause-No-Military-License": "BSD 3-Clause No Military License",
        "BSD-3-Clause-No-Nuclear-License": "BSD 3-Clause No Nuclear License",
        "BSD-3-Clause-No-Nuclear-License-2014": "BSD 3-Clause No Nuclear License 2014",
        "BSD-3-Clause-No-Nuclear-Warranty": "BSD 3-Clause No Nuclear Warranty",
        "BSD-3-Clause-Open-MPI": "BSD 3-Clause Open MPI variant",
        "BSD-3-Clause-OpenWebUI": "BSD 3-Clause - OpenWebUI variant",
        "BSD-3-Clause-Sun": "BSD 3-Clause Sun Microsystems",
        "BSD-3-Clause-Tso": "BSD 3-Clause Tso variant",
        "BSD-4-Clause": 'BSD 4-Clause "Original" or "Old" License',
        "BSD-4-Clause-Shortened": "BSD 4 Clause Shortened",
        "BSD-4-Clause-UC": "BSD-4-Clause (University of California-Specific)",
        "BSD-4.3RENO": "BSD 4.3 RENO License",
        "BSD-4.3TAHOE": "BSD 4.3 TAHOE License",
        "BSD-Advertising-Acknowledgement": "BSD Advertising Acknowledgement License",
        "BSD-ask-to-endorse": "BSD - ask to endorse",
        "BSD-Attribution-HPND-disclaimer": "BSD with Attribution and HPND disclaimer",
        "BSD-Inferno-Nettverk": "BSD-Inferno-Nettverk",
        "BSD-Mark-Modifications": "BSD Mark Modifications License",
        "BSD-Protection": "BSD Protection License",
        "BSD-Source-alt-GPL": "BSD Source Code Attribution - GPL alternative",
        "BSD-Source-beginning-file": "BSD Source Code Attribution - beginning of file variant",
        "BSD-Source-Code": "BSD Source Code Attribution",
        "BSD-Source-Code-no-disclaimer": "BSD Source Code Attribution - no disclaimer",
        "BSD-Systemics": "Systemics BSD variant license",
        "BSD-Systemics-W3Works": "Systemics W3Works BSD variant license",
        "BSL-1.0": "Boost Software License 1.0",
        Buddy: "Buddy License",
        Bugroff: "Bugroff License",
        "BUSL-1.1": "Business Source License 1.1",
        "bzip2-1.0.5": "bzip2 and libbzip2 License v1.0.5",
        "bzip2-1.0.6": "bzip2 and libbzip2 License v1.0.6",
        "C-UDA-1.0": "Computational Use of Data Agreement v1.0",
        "CAL-1.0": "Cryptographic Autonomy License 1.0",
        "CAL-1.0-Combined-Work-Exception": "Cryptographic Autonomy License 1.0 (Combined Work Exception)",
        Caldera: "Caldera License",
        "Caldera-no-preamble": "Caldera License (without preamble)",
        "CAPEC-tou": "Common Attack    Pattern Enumeration and Classification License",
        Catharon: "Catharon License",
        "CATOSL-1.1": "Computer Associates Trusted Open Source License 1.1",
        "CC-BY-1.0": "Creative Commons Attribution 1.0 Generic",
        "CC-BY-2.0": "Creative Commons Attribution 2.0 Generic",
        "CC-BY-2.5": "Creative Commons Attribution 2.5 Generic",
        "CC-BY-2.5-AU": "Creative Commons Attribution 2.5 Australia",
        "CC-BY-3.0": "Creative Commons Attribution 3.0 Unported",
        "CC-BY-3.0-AT": "Creative Commons Attribution 3.0 Austria",
        "CC-BY-3.0-AU": "Creative Commons Attribution 3.0 Australia",
        "CC-BY-3.0-DE": "Creative Commons Attribution 3.0 Germany",
        "CC-BY-3.0-IGO": "Creative Commons Attribution 3.0 IGO",
        "CC-BY-3.0-NL": "Creative Commons Attribution 3.0 Netherlands",
        "CC-BY-3.0-US": "Creative Commons Attribution 3.0 United States",
        "CC-BY-4.0": "Creative Commons Attribution 4.0 International",
        "CC-BY-NC-1.0": "Creative Commons Attribution Non Commercial 1.0 Generic",
        "CC-BY-NC-2.0": "Creative Commons Attribution Non Commercial 2.0 Generic",
        "CC-BY-NC-2.5": "Creative Commons Attribution Non Commercial 2.5 Generic",
        "CC-BY-NC-3.0": "Creative Commons Attribution Non Commercial 3.0 Unported",
        "CC-BY-NC-3.0-DE": "Creative Commons Attribution Non Commercial 3.0 Germany",
        "CC-BY-NC-3.0-IGO": "Creative Commons Attribution Non Commercial 3.0 IGO",
        "CC-BY-NC-4.0": "Creative Commons Attribution Non Commercial 4.0 International",
        "CC-BY-NC-ND-1.0": "Creative Commons Attribution Non Commercial No Derivatives 1.0 Generic",
        "CC-BY-NC-ND-2.0": "Creative Commons Attribution Non Commercial No Derivatives 2.0 Generic",
        "CC-BY-NC-ND-2.5": "Creative Commons Attribution Non Commercial No Derivatives 2.5 Generic",
        "CC-BY-NC-ND-3.0": "Creative Commons Attribution Non Commercial No Derivatives 3.0 Unported",
        "CC-BY-NC-ND-3.0-DE": "Creative Commons Attribution Non Commercial No Derivatives 3.0 Germany",
        "CC-BY-NC-ND-3.0-IGO": "Creative Commons Attribution Non Commercial No Derivatives 3.0 IGO",
        "CC-BY-NC-ND-4.0": "Creative Commons Attribution Non Commercial No Derivatives 4.0 International",
        "CC-BY-NC-SA-1.0": "Creative Commons Attribution Non Commercial Share Alike 1.0 Generic",
        "CC-BY-NC-SA-2.0": "Creative Commons Attribution Non Commercial Share Alike 2.0 Generic",
        "CC-BY-NC-SA-2.0-DE": "Creative Commons Attribution Non Commercial Share Alike 2.0 Germany",
        "CC-BY-NC-SA-2.0-FR": "Creative Commons Attribution-NonCommercial-ShareAlike 2.0 France",
        "CC-BY-NC-SA-2.0-UK": "Creative Commons Attribution Non Commercial Share Alike 2.0 England and Wales",
        "CC-BY-NC-SA-2.5": "Creative Commons Attribution Non Commercial Share Alike 2.5 Generic",
        "CC-BY-NC-SA-3.0": "Creative Commons Attribution Non Commercial Share Alike 3.0 Unported",
        "CC-BY-NC-SA-3.0-DE": "Creative Commons Attribution Non Commercial Share Alike 3.0 Germany",
        "CC-BY-NC-SA-3.0-IGO": "Creative Commons Attribution Non Commercial Share Alike 3.0 IGO",
        "CC-BY-NC-SA-4.0": "Creative Commons Attribution Non Commercial Share Alike 4.0 International",
        "CC-BY-ND-1.0": "Creative Commons Attribution No Derivatives 1.0 Generic",
        "CC-BY-ND-2.0": "Creative Commons Attribution No Derivatives 2.0 Generic",
        "CC-BY-ND-2.5": "Creative Commons Attribution No Derivatives 2.5 Generic",
        "CC-BY-ND-3.0": "Creative Commons Attribution No Derivatives 3.0 Unported",
        "CC-BY-ND-3.0-DE": "Creative Commons Attribution No Derivatives 3.0 Germany",
        "CC-BY-ND-4.0": "Creative Commons Attribution No Derivatives 4.0 International",
        "CC-BY-SA-1.0": "Creative Commons Attribution Share Alike 1.0 Generic",
        "CC-BY-SA-2.0": "Creative Commons Attribution Share Alike 2.0 Generic",
        "CC-BY-SA-2.0-UK": "Creative Commons Attribution Share Alike 2.0 England and Wales",
        "CC-BY-SA-2.1-JP": "Creative Commons Attribution Share Alike 2.1 Japan",
        "CC-BY-SA-2.5": "Creative Commons Attribution Share Alike 2.5 Generic",
        "CC-BY-SA-3.0": "Creative Commons Attribution Share Alike 3.0 Unported",
        "CC-BY-SA-3.0-AT": "Creative Commons Attribution Share Alike 3.0 Austria",
        "CC-BY-SA-3.0-DE": "Creative Commons Attribution Share Alike 3.0 Germany",
        "CC-BY-SA-3.0-IGO": "Creative Commons Attribution-ShareAlike 3.0 IGO",
        "CC-BY-SA-4.0": "Creative Commons Attribution Share Alike 4.0 International",
        "CC-PDDC": "Creative Commons Public Domain Dedication and Certification",
        "CC-PDM-1.0": "Creative    Commons Public Domain Mark 1.0 Universal",
        "CC-SA-1.0": "Creative Commons Share Alike 1.0 Generic",
        "CC0-1.0": "Creative Commons Zero v1.0 Universal",
        "CDDL-1.0": "Common Development and Distribution License 1.0",
        "CDDL-1.1": "Common Development and Distribution License 1.1",
        "CDL-1.0": "Common Documentation License 1.0",
        "CDLA-Permissive-1.0": "Community Data License Agreement Permissive 1.0",
        "CDLA-Permissive-2.0": "Community Data License Agreement Permissive 2.0",
        "CDLA-Sharing-1.0": "Community Data License Agreement Sharing 1.0",
        "CECILL-1.0": "CeCILL Free Software License Agreement v1.0",
        "CECILL-1.1": "CeCILL Free Software License Agreement v1.1",
        "CECILL-2.0": "CeCILL Free Software License Agreement v2.0",
        "CECILL-2.1": "CeCILL Free Software License Agreement v2.1",
        "CECILL-B": "CeCILL-B Free Software License Agreement",
        "CECILL-C": "CeCILL-C Free Software License Agreement",
        "CERN-OHL-1.1": "CERN Open Hardware Licence v1.1",
        "CERN-OHL-1.2": "CERN Open Hardware Licence v1.2",
        "CERN-OHL-P-2.0": "CERN Open Hardware Licence Version 2 - Permissive",
        "CERN-OHL-S-2.0": "CERN Open Hardware Licence Version 2 - Strongly Reciprocal",
        "CERN-OHL-W-2.0": "CERN Open Hardware Licence Version 2 - Weakly Reciprocal",
        CFITSIO: "CFITSIO License",
        "check-cvs": "check-cvs License",
        checkmk: "Checkmk License",
        ClArtistic: "Clarified Artistic License",
        Clips: "Clips License",
        "CMU-Mach": "CMU Mach License",
        "CMU-Mach-nodoc": "CMU    Mach - no notices-in-documentation variant",
        "CNRI-Jython": "CNRI Jython License",
        "CNRI-Python": "CNRI Python License",
        "CNRI-Python-GPL-Compatible": "CNRI Python Open Source GPL Compatible License Agreement",
        "COIL-1.0": "Copyfree Open Innovation License",
        "Community-Spec-1.0": "Community Specification License 1.0",
        "Condor-1.1": "Condor Public License v1.1",
        "copyleft-next-0.3.0": "copyleft-next 0.3.0",
        "copyleft-next-0.3.1": "copyleft-next 0.3.1",
        "Cornell-Lossless-JPEG": "Cornell Lossless JPEG License",
        "CPAL-1.0": "Common Public Attribution License 1.0",
        "CPL-1.0": "Common Public License 1.0",
        "CPOL-1.02": "Code Project Open License 1.02",
        Cronyx: "Cronyx License",
        Crossword: "Crossword License",
        CryptoSwift: "CryptoSwift License",
        CrystalStacker: "CrystalStacker License",
        "CUA-OPL-1.0": "CUA Office Public License v1.0",
        Cube: "Cube License",
        curl: "curl License",
        "cve-tou": "Common Vulnerability Enumeration ToU License",
        "D-FSL-1.0": "Deutsche Freie Software Lizenz",
        "DEC-3-Clause": "DEC 3-Clause License",
        diffmark: "diffmark license",
        "DL-DE-BY-2.0": "Data licence Germany \u2013 attribution \u2013 version 2.0",
        "DL-DE-ZERO-2.0": "Data licence Germany \u2013 zero \u2013 version 2.0",
        DOC: "DOC License",
        "DocBook-DTD": "DocBook DTD License",
        "DocBook-Schema": "DocBook Schema License",
        "DocBook-Stylesheet": "DocBook Stylesheet License",
        "DocBook-XML": "DocBook XML License",
        Dotseqn: "Dotseqn License",
        "DRL-1.0": "Detection Rule License 1.0",
        "DRL-1.1": "Detection Rule License 1.1",
        DSDP: "DSDP License",
        dtoa: "David M. Gay dtoa License",
        dvipdfm: "dvipdfm License",
        "ECL-1.0": "Educational Community License v1.0",
        "ECL-2.0": "Educational Community License v2.0",
        "eCos-2.0": "eCos license version 2.0",
        "EFL-1.0": "Eiffel Forum License v1.0",
        "EFL-2.0": "Eiffel Forum License v2.0",
        eGenix: "eGenix.com Public License 1.1.0",
        "Elastic-2.0": "Elastic License 2.0",
        Entessa: "Entessa Public License v1.0",
        EPICS: "EPICS Open License",
        "EPL-1.0": "Eclipse Public License 1.0",
        "EPL-2.0": "Eclipse Public License 2.0",
        "ErlPL-1.1": "Erlang Public License v1.1",
        "ESA-PL-permissive-2.4": "European Space Agency Public License \u2013 v2.4 \u2013 Permissive (Type 3)",
        "ESA-PL-strong-copyleft-2.4": "European Space Agency Public License (ESA-PL) - V2.4 - Strong Copyleft (Type 1)",
        "ESA-PL-weak-copyleft-2.4": "European Space Agency Public License \u2013 v2.4 \u2013 Weak Copyleft (Type 2)",
        "etalab-2.0": "Etalab Open License 2.0",
        EUDatagrid: "EU DataGrid Software License",
        "EUPL-1.0": "European Union Public License 1.0",
        "EUPL-1.1": "European Union Public License 1.1",
        "EUPL-1.2": "European Union Public License 1.2",
        Eurosym: "Eurosym License",
        Fair: "Fair License",
        FBM: "Fuzzy Bitmap License",
        "FDK-AAC": "Fraunhofer FDK AAC Codec Library",
        "FDK-MPEG-H": "Fraunhofer FDK MPEG-H Software",
        "Ferguson-Twofish": "Ferguson Twofish License",
        "Frameworx-1.0": "Frameworx Open License 1.0",
        "FreeBSD-DOC": "FreeBSD Documentation License",
        FreeImage: "FreeImage Public License v1.0",
        FSFAP: "FSF All Permissive License",
        "FSFAP-no-warranty-disclaimer": "FSF All Permissive License (without Warranty)",
        FSFUL: "FSF Unlimited License",
        FSFULLR: "FSF Unlimited License (with License Retention)",
        FSFULLRSD: "FSF Unlimited License (with License Retention and Short Disclaimer)",
        FSFULLRWD: "FSF Unlimited License (With License Retention and Warranty Disclaimer)",
        "FSL-1.1-ALv2": "Functional Source License, Version 1.1, ALv2 Future License",
        "FSL-1.1-MIT": "Functional Source License, Version 1.1, MIT Future License",
        FTL: "Freetype Project License",
        Furuseth: "Furuseth License",
        fwlw: "fwlw License",
        "Game-Programming-Gems": "Game Programming Gems License",
        "GCR-docs": "Gnome GCR Documentation License",
        GD: "GD License",
        "generic-xts": "Generic XTS License",
        "GFDL-1.1": "GNU Free Documentation License v1.1",
        "GFDL-1.1-invariants-only": "GNU Free Documentation License v1.1 only - invariants",
        "GFDL-1.1-invariants-or-later": "GNU Free Documentation License v1.1 or later - invariants",
        "GFDL-1.1-no-invariants-only": "GNU Free Documentation License v1.1 only - no invariants",
        "GFDL-1.1-no-invariants-or-later": "GNU Free Documentation License v1.1 or later - no invariants",
        "GFDL-1.1-only": "GNU Free Documentation License v1.1 only",
        "GFDL-1.1-or-later": "GNU Free Documentation License v1.1 or later",
        "GFDL-1.2": "GNU Free Documentation License v1.2",
        "GFDL-1.2-invariants-only": "GNU Free Documentation License v1.2 only - invariants",
        "GFDL-1.2-invariants-or-later": "GNU Free Documentation License v1.2 or later - invariants",
        "GFDL-1.2-no-invariants-only": "GNU Free Documentation License v1.2 only - no invariants",
        "GFDL-1.2-no-invariants-or-later": "GNU Free Documentation License v1.2 or later - no invariants",
        "GFDL-1.2-only": "GNU Free Documentation License v1.2 only",
        "GFDL-1.2-or-later": "GNU Free Documentation License v1.2 or later",
        "GFDL-1.3": "GNU Free Documentation License v1.3",
        "GFDL-1.3-invariants-only": "GNU Free Documentation License v1.3 only - invariants",
        "GFDL-1.3-invariants-or-later": "GNU Free Documentation License v1.3 or later - invariants",
        "GFDL-1.3-no-invariants-only": "GNU Free Documentation License v1.3 only - no invariants",
        "GFDL-1.3-no-invariants-or-later": "GNU Free Documentation License v1.3 or later - no invariants",
        "GFDL-1.3-only": "GNU Free Documentation License v1.3 only",
        "GFDL-1.3-or-later": "GNU Free Documentation License v1.3 or later",
        Giftware: "Giftware License",
        GL2PS: "GL2PS License",
        Glide: "3dfx Glide License",
        Glulxe: "Glulxe License",
        GLWTPL: "Good Luck With That Public License",
        gnuplot: "gnuplot License",
        "GPL-1.0": "GNU General Public License v1.0 only",
        "GPL-1.0+": "GNU General Public License v1.0 or later",
        "GPL-1.0-only": "GNU General Public License v1.0 only",
        "GPL-1.0-or-later": "GNU General Public License v1.0 or later",
        "GPL-2.0": "GNU General Public License v2.0 only",
        "GPL-2.0+": "GNU General Public License v2.0 or later",
        "GPL-2.0-only": "GNU General Public License v2.0 only",
        "GPL-2.0-or-later": "GNU General Public License v2.0 or later",
        "GPL-2.0-with-autoconf-exception": "GNU General Public License v2.0 w/Autoconf exception",
        "GPL-2.0-with-bison-exception": "GNU General Public License v2.0 w/Bison exception",
        "GPL-2.0-with-classpath-exception": "GNU General Public License v2.0 w/Classpath exception",
        "GPL-2.0-with-font-exception": "GNU General Public License v2.0 w/Font exception",
        "GPL-2.0-with-GCC-exception": "GNU General Public License v2.0 w/GCC Runtime Library exception",
        "GPL-3.0": "GNU General Public License v3.0 only",
        "GPL-3.0+": "GNU General Public License v3.0 or later",
        "GPL-3.0-only": "GNU General Public License v3.0 only",
        "GPL-3.0-or-later": "GNU General Public License v3.0 or later",
        "GPL-3.0-with-autoconf-exception": "GNU General Public License v3.0 w/Autoconf exception",
        "GPL-3.0-with-GCC-exception": "GNU General Public License v3.0 w/GCC Runtime Library exception",
        "Graphics-Gems": "Graphics Gems License",
        "gSOAP-1.3b": "gSOAP Public License v1.3b",
        gtkbook: "gtkbook License",
        Gutmann: "Gutmann License",
        HaskellReport: "Haskell Language Report License",
        HDF5: "HDF5 License",
        hdparm: "hdparm License",
        HIDAPI: "HIDAPI License",
        "Hippocratic-2.1": "Hippocratic License 2.1",
        "Hippocratic-3.0-core": "Hippocratic License 3.0",
        "HP-1986": "Hewlett-Packard 1986 License",
        "HP-1989": "Hewlett-Packard 1989 License",
        HPND: "Historical Permission Notice and Disclaimer",
        "HPND-DEC": "Historical Permission Notice and Disclaimer - DEC variant",
        "HPND-doc": "Historical Permission Notice and Disclaimer - documentation variant",
        "HPND-doc-sell": "Historical Permission Notice and Disclaimer - documentation sell variant",
        "HPND-export-US": "HPND with US Government export control warning",
        "HPND-export-US-acknowledgement": "HPND with US Government export control warning and acknowledgment",
        "HPND-export-US-modify": "HPND with US Government export control warning and modification rqmt",
        "HPND-export2-US": "HPND with US Government export control and 2 disclaimers",
        "HPND-Fenneberg-Livingston": "Historical Permission Notice and Disclaimer - Fenneberg-Livingston variant",
        "HPND-INRIA-IMAG": "Historical Permission Notice and Disclaimer    - INRIA-IMAG variant",
        "HPND-Intel": "Historical Permission Notice and Disclaimer - Intel variant",
        "HPND-Kevlin-Henney": "Historical Permission Notice and Disclaimer - Kevlin Henney variant",
        "HPND-Markus-Kuhn": "Historical Permission Notice and Disclaimer - Markus Kuhn variant",
        "HPND-merchantability-variant": "Historical Permission Notice and Disclaimer - merchantability variant",
        "HPND-MIT-disclaimer": "Historical Permission Notice and Disclaimer with MIT disclaimer",
        "HPND-Netrek": "Historical Permission Notice and Disclaimer - Netrek variant",
        "HPND-Pbmplus": "Historical Permission Notice and Disclaimer - Pbmplus variant",
        "HPND-sell-MIT-disclaimer-xserver": "Historical Permission Notice and Disclaimer - sell xserver variant with MIT disclaimer",
        "HPND-sell-regexpr": "Historical Permission Notice and Disclaimer - sell regexpr variant",
        "HPND-sell-variant": "Historical Permission Notice and Disclaimer - sell variant",
        "HPND-sell-variant-critical-systems": "HPND - sell variant with safety critical systems clause",
        "HPND-sell-variant-MIT-disclaimer": "HPND sell variant with MIT disclaimer",
        "HPND-sell-variant-MIT-disclaimer-rev": "HPND sell variant with MIT disclaimer - reverse",
        "HPND-SMC": "Historical Permission Notice and Disclaimer - SMC variant",
        "HPND-UC": "Historical Permission Notice and Disclaimer - University of California variant",
        "HPND-UC-export-US": "Historical Permission Notice and Disclaimer - University of California, US export warning",
        HTMLTIDY: "HTML Tidy License",
        "hyphen-bulgarian": "hyphen-bulgarian License",
        "IBM-pibs": "IBM PowerPC Initialization and Boot Software",
        ICU: "ICU License",
        "IEC-Code-Components-EULA": "IEC    Code Components End-user licence agreement",
        IJG: "Independent JPEG Group License",
        "IJG-short": "Independent JPEG Group License - short",
        ImageMagick: "ImageMagick License",
        iMatix: "iMatix Standard Function Library Agreement",
        Imlib2: "Imlib2 License",
        "Info-ZIP": "Info-ZIP License",
        Informatica: "Informatica License",
        "Inner-Net-2.0": "Inner Net License v2.0",
        InnoSetup: "Inno Setup License",
        Intel: "Intel Open Source License",
        "Intel-ACPI": "Intel ACPI Software License Agreement",
        "Interbase-1.0": "Interbase Public License v1.0",
        IPA: "IPA Font License",
        "IPL-1.0": "IBM Public License v1.0",
        ISC: "ISC License",
        "ISC-Veillard": "ISC Veillard variant",
        "ISO-permission": "ISO permission notice",
        Jam: "Jam License",
        "JasPer-2.0": "JasPer License",
        jove: "Jove License",
        "JPL-image": "JPL Image Use Policy",
        JPNIC: "Japan Network Information Center License",
        JSON: "JSON License",
        Kastrup: "Kastrup License",
        Kazlib: "Kazlib License",
        "Knuth-CTAN": "Knuth CTAN License",
        "LAL-1.2": "Licence Art Libre 1.2",
        "LAL-1.3": "Licence Art Libre 1.3",
        Latex2e: "Latex2e License",
        "Latex2e-translated-notice": "Latex2e with translated notice permission",
        Leptonica: "Leptonica License",
        "LGPL-2.0": "GNU Library General Public License v2 only",
        "LGPL-2.0+": "GNU Library General Public License v2 or later",
        "LGPL-2.0-only": "GNU Library General Public License v2 only",
        "LGPL-2.0-or-later": "GNU Library General Public License v2 or later",
        "LGPL-2.1": "GNU Lesser General Public License v2.1 only",
        "LGPL-2.1+": "GNU Lesser General Public License v2.1 or later",
        "LGPL-2.1-only": "GNU Lesser General Public License v2.1 only",
        "LGPL-2.1-or-later": "GNU Lesser General Public License v2.1 or later",
        "LGPL-3.0": "GNU Lesser General Public License v3.0 only",
        "LGPL-3.0+": "GNU Lesser General Public License v3.0 or later",
        "LGPL-3.0-only": "GNU Lesser General Public License v3.0 only",
        "LGPL-3.0-or-later": "GNU Lesser General Public License v3.0 or later",
        LGPLLR: "Lesser General Public License For Linguistic Resources",
        Libpng: "libpng License",
        "libpng-1.6.35": "PNG Reference Library License v1 (for libpng 0.5 through 1.6.35)",
        "libpng-2.0": "PNG Reference Library version 2",
        "libselinux-1.0": "libselinux public domain notice",
        libtiff: "libtiff License",
        "libutil-David-Nugent": "libutil David Nugent License",
        "LiLiQ-P-1.1": "Licence Libre du Qu\xE9bec \u2013 Permissive version 1.1",
        "LiLiQ-R-1.1": "Licence Libre du Qu\xE9bec \u2013 R\xE9ciprocit\xE9 version 1.1",
        "LiLiQ-Rplus-1.1": "Licence Libre du Qu\xE9bec \u2013 R\xE9ciprocit\xE9 forte version 1.1",
        "Linux-man-pages-1-para": "Linux man-pages - 1 paragraph",
        "Linux-man-pages-copyleft": "Linux man-pages Copyleft",
        "Linux-man-pages-copyleft-2-para": "Linux man-pages Copyleft - 2 paragraphs",
        "Linux-man-pages-copyleft-var": "Linux man-pages Copyleft Variant",
        "Linux-OpenIB": "Linux Kernel Variant of OpenIB.org license",
        LOOP: "Common Lisp LOOP License",
        "LPD-document": "LPD Documentation License",
        "LPL-1.0": "Lucent Public License Version 1.0",
        "LPL-1.02": "Lucent Public License v1.02",
        "LPPL-1.0": "LaTeX Project Public License v1.0",
        "LPPL-1.1": "LaTeX Project Public License v1.1",
        "LPPL-1.2": "LaTeX Project Public License v1.2",
        "LPPL-1.3a": "LaTeX Project Public License v1.3a",
        "LPPL-1.3c": "LaTeX Project Public License v1.3c",
        lsof: "lsof License",
        "Lucida-Bitmap-Fonts": "Lucida Bitmap Fonts License",
        "LZMA-SDK-9.11-to-9.20": "LZMA SDK License (versions 9.11 to 9.20)",
        "LZMA-SDK-9.22": "LZMA SDK License (versions 9.22 and beyond)",
        "Mackerras-3-Clause": "Mackerras 3-Clause License",
        "Mackerras-3-Clause-acknowledgment": "Mackerras 3-Clause - acknowledgment variant",
        magaz: "magaz License",
        mailprio: "mailprio License",
        MakeIndex: "MakeIndex License",
        man2html: "man2html License",
        "Martin-Birgmeier": "Martin Birgmeier License",
        "McPhee-slideshow": "McPhee Slideshow License",
        metamail: "metamail License",
        Minpack: "Minpack License",
        MIPS: "MIPS License",
        MirOS: "The MirOS Licence",
        MIT: "MIT License",
        "MIT-0": "MIT No Attribution",
        "MIT-advertising": "Enlightenment License (e16)",
        "MIT-Click": "MIT Click License",
        "MIT-CMU": "CMU License",
        "MIT-enna": "enna License",
        "MIT-feh": "feh License",
        "MIT-Festival": "MIT Festival Variant",
        "MIT-Khronos-old": "MIT Khronos - old variant",
        "MIT-Modern-Variant": "MIT License Modern Variant",
        "MIT-open-group": "MIT Open Group variant",
        "MIT-STK": "MIT-STK License",
        "MIT-testregex": "MIT testregex Variant",
        "MIT-Wu": "MIT Tom Wu Variant",
        MITNFA: "MIT +no-false-attribs license",
        MMIXware: "MMIXware License",
        "MMPL-1.0.1": "Minecraft Mod Public License v1.0.1",
        Motosoto: "Motosoto License",
        "MPEG-SSG": "MPEG Software Simulation",
        "mpi-permissive": "mpi Permissive License",
        mpich2: "mpich2 License",
        "MPL-1.0": "Mozilla Public License 1.0",
        "MPL-1.1": "Mozilla Public License 1.1",
        "MPL-2.0": "Mozilla Public License 2.0",
        "MPL-2.0-no-copyleft-exception": "Mozilla Public License 2.0 (no copyleft exception)",
        mplus: "mplus Font License",
        "MS-LPL": "Microsoft Limited Public License",
        "MS-PL": "Microsoft Public License",
        "MS-RL": "Microsoft Reciprocal License",
        MTLL: "Matrix Template Library License",
        "MulanPSL-1.0": "Mulan Permissive Software License, Version 1",
        "MulanPSL-2.0": "Mulan Permissive Software License, Version 2",
        Multics: "Multics License",
        Mup: "Mup License",
        "MVT-1.1": "MVT License 1.1",
        "NAIST-2003": "Nara Institute of Science and Technology License (2003)",
        "NASA-1.3": "NASA Open Source Agreement 1.3",
        Naumen: "Naumen Public License",
        "NBPL-1.0": "Net Boolean Public License v1",
        "NCBI-PD": "NCBI Public Domain Notice",
        "NCGL-UK-2.0": "Non-Commercial Government Licence",
        NCL: "NCL Source Code License",
        NCSA: "University of Illinois/NCSA Open Source License",
        "Net-SNMP": "Net-SNMP License",
        NetCDF: "NetCDF license",
        Newsletr: "Newsletr License",
        NGPL: "Nethack General Public License",
        ngrep: "ngrep License",
        "NICTA-1.0": "NICTA Public Software License, Version 1.0",
        "NIST-PD": "NIST Public Domain Notice",
        "NIST-PD-fallback": "NIST Public Domain Notice with license fallback",
        "NIST-PD-TNT": "NIST    Public Domain Notice TNT variant",
        "NIST-Software": "NIST Software License",
        "NLOD-1.0": "Norwegian Licence for Open Government Data (NLOD) 1.0",
        "NLOD-2.0": "Norwegian Licence for Open Government Data (NLOD) 2.0",
        NLPL: "No Limit Public License",
        Nokia: "Nokia Open Source License",
        NOSL: "Netizen Open Source License",
        Noweb: "Noweb License",
        "NPL-1.0": "Netscape Public License v1.0",
        "NPL-1.1": "Netscape Public License v1.1",
        "NPOSL-3.0": "Non-Profit Open Software License 3.0",
        NRL: "NRL License",
        "NTIA-PD": "NTIA Public Domain Notice",
        NTP: "NTP License",
        "NTP-0": "NTP No Attribution",
        Nunit: "Nunit License",
        "O-UDA-1.0": "Open Use of Data Agreement v1.0",
        OAR: "OAR License",
        "OCCT-PL": "Open CASCADE Technology Public License",
        "OCLC-2.0": "OCLC Research Public License 2.0",
        "ODbL-1.0": "Open Data Commons Open Database License v1.0",
        "ODC-By-1.0": "Open Data Commons Attribution License v1.0",
        OFFIS: "OFFIS License",
        "OFL-1.0": "SIL Open Font License 1.0",
        "OFL-1.0-no-RFN": "SIL Open Font License 1.0 with no Reserved Font Name",
        "OFL-1.0-RFN": "SIL Open Font License 1.0 with Reserved Font Name",
        "OFL-1.1": "SIL Open Font License 1.1",
        "OFL-1.1-no-RFN": "SIL Open Font License 1.1 with no Reserved Font Name",
        "OFL-1.1-RFN": "SIL Open Font License 1.1 with Reserved Font Name",
        "OGC-1.0": "OGC Software License, Version 1.0",
        "OGDL-Taiwan-1.0": "Taiwan Open Government Data License, version 1.0",
        "OGL-Canada-2.0": "Open Government Licence - Canada",
        "OGL-UK-1.0": "Open Government Licence v1.0",
        "OGL-UK-2.0": "Open Government Licence v2.0",
        "OGL-UK-3.0": "Open Government Licence v3.0",
        OGTSL: "Open Group Test Suite License",
        "OLDAP-1.1": "Open LDAP Public License v1.1",
        "OLDAP-1.2": "Open LDAP Public License v1.2",
        "OLDAP-1.3": "Open LDAP Public License v1.3",
        "OLDAP-1.4": "Open LDAP Public License v1.4",
        "OLDAP-2.0": "Open LDAP Public License v2.0 (or possibly 2.0A and 2.0B)",
        "OLDAP-2.0.1": "Open LDAP Public License v2.0.1",
        "OLDAP-2.1": "Open LDAP Public License v2.1",
        "OLDAP-2.2": "Open LDAP Public License v2.2",
        "OLDAP-2.2.1": "Open LDAP Public License v2.2.1",
        "OLDAP-2.2.2": "Open LDAP Public License 2.2.2",
        "OLDAP-2.3": "Open LDAP Public License v2.3",
        "OLDAP-2.4": "Open LDAP Public License v2.4",
        "OLDAP-2.5": "Open LDAP Public License v2.5",
        "OLDAP-2.6": "Open LDAP Public License v2.6",
        "OLDAP-2.7": "Open LDAP Public License v2.7",
        "OLDAP-2.8": "Open LDAP Public License v2.8",
        "OLFL-1.3": "Open Logistics Foundation License Version 1.3",
        OML: "Open Market License",
        "OpenMDW-1.0": "OpenMDW License Agreement v1.0",
        "OpenPBS-2.3": "OpenPBS v2.3 Software License",
        OpenSSL: "OpenSSL License",
        "OpenSSL-standalone": "OpenSSL License - standalone",
        OpenVision: "OpenVision License",
        "OPL-1.0": "Open Public License v1.0",
        "OPL-UK-3.0": "United    Kingdom Open Parliament Licence v3.0",
        "OPUBL-1.0": "Open Publication License v1.0",
        "OSC-1.0": "OSC License 1.0",
        "OSET-PL-2.1": "OSET Public License version 2.1",
        "OSL-1.0": "Open Software License 1.0",
        "OSL-1.1": "Open Software License 1.1",
        "OSL-2.0": "Open Software License 2.0",
        "OSL-2.1": "Open Software License 2.1",
        "OSL-3.0": "Open Software License 3.0",
        OSSP: "OSSP License",
        PADL: "PADL License",
        "ParaType-Free-Font-1.3": "ParaType Free Font Licensing Agreement v1.3",
        "Parity-6.0.0": "The Parity Public License 6.0.0",
        "Parity-7.0.0": "The Parity Public License 7.0.0",
        "PDDL-1.0": "Open Data Commons Public Domain Dedication & License 1.0",
        "PHP-3.0": "PHP License v3.0",
        "PHP-3.01": "PHP License v3.01",
        Pixar: "Pixar License",
        pkgconf: "pkgconf License",
        Plexus: "Plexus Classworlds License",
        pnmstitch: "pnmstitch License",
        "PolyForm-Noncommercial-1.0.0": "PolyForm Noncommercial License 1.0.0",
        "PolyForm-Small-Business-1.0.0": "PolyForm Small Business License 1.0.0",
        PostgreSQL: "PostgreSQL License",
        PPL: "Peer Production License",
        "PSF-2.0": "Python Software Foundation License 2.0",
        psfrag: "psfrag License",
        psutils: "psutils License",
        "Python-2.0": "Python License 2.0",
        "Python-2.0.1": "Python License 2.0.1",
        "python-ldap": "Python ldap License",
        Qhull: "Qhull License",
        "QPL-1.0": "Q Public License 1.0",
        "QPL-1.0-INRIA-2004": "Q Public License 1.0 - INRIA 2004 variant",
        radvd: "radvd License",
        Rdisc: "Rdisc License",
        "RHeCos-1.1": "Red Hat eCos Public License v1.1",
        "RPL-1.1": "Reciprocal Public License 1.1",
        "RPL-1.5": "Reciprocal Public License 1.5",
        "RPSL-1.0": "RealNetworks Public Source License v1.0",
        "RSA-MD": "RSA Message-Digest License",
        RSCPL: "Ricoh Source Code Public License",
        Ruby: "Ruby License",
        "Ruby-pty": "Ruby pty extension license",
        "SAX-PD": "Sax Public Domain Notice",
        "SAX-PD-2.0": "Sax Public Domain Notice 2.0",
        Saxpath: "Saxpath License",
        SCEA: "SCEA Shared Source License",
        SchemeReport: "Scheme Language Report License",
        Sendmail: "Sendmail License",
        "Sendmail-8.23": "Sendmail License 8.23",
        "Sendmail-Open-Source-1.1": "Sendmail Open Source License v1.1",
        "SGI-B-1.0": "SGI Free Software License B v1.0",
        "SGI-B-1.1": "SGI Free Software License B v1.1",
        "SGI-B-2.0": "SGI Free Software License B v2.0",
        "SGI-OpenGL": "SGI OpenGL License",
        "SGMLUG-PM": "SGMLUG Parser Materials License",
        SGP4: "SGP4 Permission Notice",
        "SHL-0.5": "Solderpad Hardware License v0.5",
        "SHL-0.51": "Solderpad Hardware License, Version 0.51",
        "SimPL-2.0": "Simple Public License 2.0",
        SISSL: "Sun Industry Standards Source License v1.1",
        "SISSL-1.2": "Sun Industry Standards Source License v1.2",
        SL: "SL License",
        Sleepycat: "Sleepycat License",
        "SMAIL-GPL": "SMAIL General Public License",
        SMLNJ: "Standard ML of New Jersey License",
        SMPPL: "Secure Messaging Protocol Public License",
        SNIA: "SNIA Public License 1.1",
        snprintf: "snprintf License",
        SOFA: "SOFA Software License",
        softSurfer: "softSurfer License",
        Soundex: "Soundex License",
        "Spencer-86": "Spencer License 86",
        "Spencer-94": "Spencer License 94",
        "Spencer-99": "Spencer License 99",
        "SPL-1.0": "Sun Public License v1.0",
        "ssh-keyscan": "ssh-keyscan License",
        "SSH-OpenSSH": "SSH OpenSSH license",
        "SSH-short": "SSH short notice",
        "SSLeay-standalone": "SSLeay License - standalone",
        "SSPL-1.0": "Server Side Public License, v 1",
        "StandardML-NJ": "Standard ML of New Jersey License",
        "SugarCRM-1.1.3": "SugarCRM Public License v1.1.3",
        "SUL-1.0": "Sustainable Use License v1.0",
        "Sun-PPP": "Sun PPP License",
        "Sun-PPP-2000": "Sun PPP License (2000)",
        SunPro: "SunPro License",
        SWL: "Scheme Widget Library (SWL) Software License Agreement",
        swrule: "swrule License",
        Symlinks: "Symlinks License",
        "TAPR-OHL-1.0": "TAPR Open Hardware License v1.0",
        TCL: "TCL/TK License",
        "TCP-wrappers": "TCP Wrappers License",
        TekHVC: "TekHVC License",
        TermReadKey: "TermReadKey License",
        "TGPPL-1.0": "Transitive Grace Period Public Licence 1.0",
        ThirdEye: "ThirdEye License",
        threeparttable: "threeparttable License",
        TMate: "TMate Open Source License",
        "TORQUE-1.1": "TORQUE v2.5+ Software License v1.1",
        TOSL: "Trusster Open Source License",
        TPDL: "Time::ParseDate License",
        "TPL-1.0": "THOR Public License 1.0",
        TrustedQSL: "TrustedQSL License",
        TTWL: "Text-Tabs+Wrap License",
        TTYP0: "TTYP0 License",
        "TU-Berlin-1.0": "Technische Universitaet Berlin License 1.0",
        "TU-Berlin-2.0": "Technische Universitaet Berlin License 2.0",
        "Ubuntu-font-1.0": "Ubuntu Font Licence v1.0",
        UCAR: "UCAR License",
        "UCL-1.0": "Upstream Compatibility License v1.0",
        ulem: "ulem License",
        "UMich-Merit": "Michigan/Merit Networks License",
        "Unicode-3.0": "Unicode License v3",
        "Unicode-DFS-2015": "Unicode License Agreement - Data Files and Software (2015)",
        "Unicode-DFS-2016": "Unicode License Agreement - Data Files and Software (2016)",
        "Unicode-TOU": "Unicode Terms of Use",
        UnixCrypt: "UnixCrypt License",
        Unlicense: "The Unlicense",
        "Unlicense-libtelnet": "Unlicense - libtelnet variant",
        "Unlicense-libwhirlpool": "Unlicense - libwhirlpool variant",
        UnRAR: "UnRAR License",
        "UPL-1.0": "Universal Permissive License v1.0",
        "URT-RLE": "Utah Raster Toolkit Run Length Encoded License",
        Vim: "Vim License",
        "Vixie-Cron": "Vixie Cron License",
        VOSTROM: "VOSTROM Public License for Open Source",
        "VSL-1.0": "Vovida Software License v1.0",
        W3C: "W3C Software Notice and License (2002-12-31)",
        "W3C-19980720": "W3C Software Notice and License (1998-07-20)",
        "W3C-20150513": "W3C Software Notice and Document License (2015-05-13)",
        w3m: "w3m License",
        "Watcom-1.0": "Sybase Open Watcom Public License 1.0",
        "Widget-Workshop": "Widget Workshop License",
        WordNet: "WordNet License",
        Wsuipa: "Wsuipa License",
        WTFNMFPL: "Do What The F*ck You Want To But It's Not My Fault Public License",
        WTFPL: "Do What The F*ck You Want To Public License",
        wwl: "WWL License",
        wxWindows: "wxWindows Library License",
        X11: "X11 License",
        "X11-distribute-modifications-variant": "X11 License Distribution Modification Variant",
        "X11-no-permit-persons": "X11 no permit persons clause",
        "X11-swapped": "X11 swapped final paragraphs",
        "Xdebug-1.03": "Xdebug License v 1.03",
        Xerox: "Xerox License",
        Xfig: "Xfig License",
        "XFree86-1.1": "XFree86 License 1.1",
        xinetd: "xinetd License",
        "xkeyboard-config-Zinoviev": "xkeyboard-config Zinoviev License",
        xlock: "xlock License",
        Xnet: "X.Net License",
        xpp: "XPP License",
        XSkat: "XSkat License",
        xzoom: "xzoom License",
        "YPL-1.0": "Yahoo! Public License v1.0",
        "YPL-1.1": "Yahoo! Public License v1.1",
        Zed: "Zed License",
        Zeeff: "Zeeff License",
        "Zend-2.0": "Zend License v2.0",
        "Zimbra-1.3": "Zimbra Public License v1.3",
        "Zimbra-1.4": "Zimbra Public License v1.4",
        Zlib: "zlib License",
        "zlib-acknowledgement": "zlib/libpng License with Acknowledgement",
        "ZPL-1.1": "Zope Public License 1.1",
        "ZPL-2.0": "Zope Public License 2.0",
        "ZPL-2.1": "Zope Public License 2.1",
        "389-exception": "389 Directory Server Exception",
        "Asterisk-exception": "Asterisk exception",
        "Asterisk-linking-protocols-exception": "Asterisk linking protocols exception",
        "Autoconf-exception-2.0": "Autoconf exception 2.0",
        "Autoconf-exception-3.0": "Autoconf exception 3.0",
        "Autoconf-exception-generic": "Autoconf generic exception",
        "Autoconf-exception-generic-3.0": "Autoconf generic exception for GPL-3.0",
        "Autoconf-exception-macro": "Autoconf macro exception",
        "Bison-exception-1.24": "Bison exception 1.24",
        "Bison-exception-2.2": "Bison exception 2.2",
        "Bootloader-exception": "Bootloader Distribution Exception",
        "CGAL-linking-exception": "CGAL Linking Exception",
        "Classpath-exception-2.0": "Classpath exception 2.0",
        "Classpath-exception-2.0-short": "Classpath exception 2.0 - short",
        "CLISP-exception-2.0": "CLISP exception 2.0",
        "cryptsetup-OpenSSL-exception": "cryptsetup OpenSSL exception",
        "Digia-Qt-LGPL-exception-1.1": "Digia Qt LGPL Exception version 1.1",
        "DigiRule-FOSS-exception": "DigiRule FOSS License Exception",
        "eCos-exception-2.0": "eCos exception 2.0",
        "erlang-otp-linking-exception": "Erlang/OTP Linking Exception",
        "Fawkes-Runtime-exception": "Fawkes Runtime Exception",
        "FLTK-exception": "FLTK exception",
        "fmt-exception": "fmt exception",
        "Font-exception-2.0": "Font exception 2.0",
        "freertos-exception-2.0": "FreeRTOS Exception 2.0",
        "GCC-exception-2.0": "GCC Runtime Library exception 2.0",
        "GCC-exception-2.0-note": "GCC    Runtime Library exception 2.0 - note variant",
        "GCC-exception-3.1": "GCC Runtime Library exception 3.1",
        "Gmsh-exception": "Gmsh exception",
        "GNAT-exception": "GNAT exception",
        "GNOME-examples-exception": "GNOME examples exception",
        "GNU-compiler-exception": "GNU Compiler Exception",
        "gnu-javamail-exception": "GNU JavaMail exception",
        "Google-Patent-WebM": "Google Additional IP Rights Grant (Patents) - WebM",
        "GPL-3.0-389-ds-base-exception": "GPL-3.0 389 DS Base Exception",
        "GPL-3.0-interface-exception": "GPL-3.0 Interface Exception",
        "GPL-3.0-linking-exception": "GPL-3.0 Linking Exception",
        "GPL-3.0-linking-source-exception": "GPL-3.0 Linking Exception (with Corresponding Source)",
        "GPL-CC-1.0": "GPL Cooperation Commitment 1.0",
        "GStreamer-exception-2005": "GStreamer Exception (2005)",
        "GStreamer-exception-2008": "GStreamer Exception (2008)",
        "harbour-exception": "harbour exception",
        "i2p-gpl-java-exception": "i2p GPL+Java Exception",
        "Independent-modules-exception": "Independent Module Linking exception",
        "KiCad-libraries-exception": "KiCad Libraries Exception",
        "kvirc-openssl-exception": "kvirc OpenSSL Exception",
        "LGPL-3.0-linking-exception": "LGPL-3.0 Linking Exception",
        "libpri-OpenH323-exception": "libpri OpenH323 exception",
        "Libtool-exception": "Libtool Exception",
        "Linux-syscall-note": "Linux Syscall Note",
        LLGPL: "LLGPL Preamble",
        "LLVM-exception": "LLVM Exception",
        "LZMA-exception": "LZMA exception",
        "mif-exception": "Macros and Inline Functions Exception",
        "mxml-exception": "mxml Exception",
        "Nokia-Qt-exception-1.1": "Nokia Qt LGPL exception 1.1",
        "OCaml-LGPL-linking-exception": "OCaml LGPL Linking Exception",
        "OCCT-exception-1.0": "Open CASCADE Exception 1.0",
        "OpenJDK-assembly-exception-1.0": "OpenJDK Assembly exception 1.0",
        "openvpn-openssl-exception": "OpenVPN OpenSSL Exception",
        "PCRE2-exception": "PCRE2 exception",
        "polyparse-exception": "Polyparse Exception",
        "PS-or-PDF-font-exception-20170817": "PS/PDF font exception (2017-08-17)",
        "QPL-1.0-INRIA-2004-exception": "INRIA QPL 1.0 2004 variant exception",
        "Qt-GPL-exception-1.0": "Qt GPL exception 1.0",
        "Qt-LGPL-exception-1.1": "Qt LGPL exception 1.1",
        "Qwt-exception-1.0": "Qwt exception 1.0",
        "romic-exception": "Romic Exception",
        "RRDtool-FLOSS-exception-2.0": "RRDtool FLOSS exception 2.0",
        "rsync-linking-exception": "rsync Linking Exception",
        "SANE-exception": "SANE Exception",
        "SHL-2.0": "Solderpad Hardware License v2.0",
        "SHL-2.1": "Solderpad Hardware License v2.1",
        "Simple-Library-Usage-exception": "Simple Library Usage Exception",
        "Spelling-Provider-LGPL-exception": "Spelling Provider LGPL exception",
        "sqlitestudio-OpenSSL-exception": "sqlitestudio OpenSSL exception",
        "stunnel-exception": "stunnel Exception",
        "SWI-exception": "SWI exception",
        "Swift-exception": "Swift Exception",
        "Texinfo-exception": "Texinfo exception",
        "u-boot-exception-2.0": "U-Boot exception 2.0",
        "UBDL-exception": "Unmodified Binary Distribution exception",
        "Universal-FOSS-exception-1.0": "Universal FOSS Exception, Version 1.0",
        "vsftpd-openssl-exception": "vsftpd OpenSSL exception",
        "WxWindows-exception-3.1": "WxWindows Library Exception 3.1",
        "x11vnc-openssl-exception": "x11vnc OpenSSL Exception"
      }
    };
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/spdx.js
var require_spdx = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/spdx.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.isSupportedSpdxId = isSupportedSpdxId;
    exports.fixupSpdxId = fixupSpdxId2;
    var spdx_SNAPSHOT_schema_json_1 = require_spdx_SNAPSHOT_schema();
    var spdxIds = new Set(spdx_SNAPSHOT_schema_json_1.enum);
    var spdxLowerToActual = Object.freeze(Object.fromEntries(spdx_SNAPSHOT_schema_json_1.enum.map((spdxId2) => [spdxId2.toLowerCase(), spdxId2])));
    function isSupportedSpdxId(value) {
      return spdxIds.has(value);
    }
    __name(isSupportedSpdxId, "isSupportedSpdxId");
    function fixupSpdxId2(value) {
      return typeof value === "string" && value.length > 0 ? spdxLowerToActual[value.toLowerCase()] : void 0;
    }
    __name(fixupSpdxId2, "fixupSpdxId");
  }
});

// node_modules/packageurl-js/src/error.js
var require_error = __commonJS({
  "node_modules/packageurl-js/src/error.js"(exports, module) {
    "use strict";
    function formatPurlErrorMessage(message = "") {
      const { length } = message;
      let formatted = "";
      if (length) {
        const code0 = message.charCodeAt(0);
        formatted = code0 >= 65 || code0 <= 90 ? `${message[0].toLowerCase()}${message.slice(1)}` : message;
        if (length > 1 && message.charCodeAt(length - 1) === 46 && message.charCodeAt(length - 2) !== 46) {
          formatted = formatted.slice(0, -1);
        }
      }
      return `Invalid purl: ${formatted}`;
    }
    __name(formatPurlErrorMessage, "formatPurlErrorMessage");
    var PurlError = class extends Error {
      static {
        __name(this, "PurlError");
      }
      constructor(message) {
        super(formatPurlErrorMessage(message));
      }
    };
    module.exports = {
      formatPurlErrorMessage,
      PurlError
    };
  }
});

// node_modules/packageurl-js/src/decode.js
var require_decode = __commonJS({
  "node_modules/packageurl-js/src/decode.js"(exports, module) {
    "use strict";
    var { PurlError } = require_error();
    var { decodeURIComponent } = globalThis;
    function decodePurlComponent(comp, encodedURIComponent) {
      try {
        return decodeURIComponent(encodedURIComponent);
      } catch {
      }
      throw new PurlError(`unable to decode "${comp}" component`);
    }
    __name(decodePurlComponent, "decodePurlComponent");
    module.exports = {
      decodePurlComponent
    };
  }
});

// node_modules/packageurl-js/src/constants.js
var require_constants = __commonJS({
  "node_modules/packageurl-js/src/constants.js"(exports, module) {
    "use strict";
    var LOOP_SENTINEL = 1e6;
    var REUSED_SEARCH_PARAMS = new URLSearchParams();
    var REUSED_SEARCH_PARAMS_KEY = "_";
    var REUSED_SEARCH_PARAMS_OFFSET = 2;
    module.exports = {
      LOOP_SENTINEL,
      REUSED_SEARCH_PARAMS,
      REUSED_SEARCH_PARAMS_KEY,
      REUSED_SEARCH_PARAMS_OFFSET
    };
  }
});

// node_modules/packageurl-js/src/objects.js
var require_objects = __commonJS({
  "node_modules/packageurl-js/src/objects.js"(exports, module) {
    "use strict";
    var { LOOP_SENTINEL } = require_constants();
    function isObject(value) {
      return value !== null && typeof value === "object";
    }
    __name(isObject, "isObject");
    function recursiveFreeze(value_) {
      if (value_ === null || !(typeof value_ === "object" || typeof value_ === "function") || Object.isFrozen(value_)) {
        return value_;
      }
      const queue = [value_];
      let { length: queueLength } = queue;
      let pos = 0;
      while (pos < queueLength) {
        if (pos === LOOP_SENTINEL) {
          throw new Error(
            "Detected infinite loop in object crawl of recursiveFreeze"
          );
        }
        const obj = queue[pos++];
        Object.freeze(obj);
        if (Array.isArray(obj)) {
          for (let i = 0, { length } = obj; i < length; i += 1) {
            const item = obj[i];
            if (item !== null && (typeof item === "object" || typeof item === "function") && !Object.isFrozen(item)) {
              queue[queueLength++] = item;
            }
          }
        } else {
          const keys = Reflect.ownKeys(obj);
          for (let i = 0, { length } = keys; i < length; i += 1) {
            const propValue = obj[keys[i]];
            if (propValue !== null && (typeof propValue === "object" || typeof propValue === "function") && !Object.isFrozen(propValue)) {
              queue[queueLength++] = propValue;
            }
          }
        }
      }
      return value_;
    }
    __name(recursiveFreeze, "recursiveFreeze");
    module.exports = {
      isObject,
      recursiveFreeze
    };
  }
});

// node_modules/packageurl-js/src/strings.js
var require_strings = __commonJS({
  "node_modules/packageurl-js/src/strings.js"(exports, module) {
    "use strict";
    var { compare: localeCompare } = new Intl.Collator();
    var regexSemverNumberedGroups = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
    function isBlank(str2) {
      for (let i = 0, { length } = str2; i < length; i += 1) {
        const code = str2.charCodeAt(i);
        if (!// Whitespace characters according to ECMAScript spec:
        // https://tc39.es/ecma262/#sec-white-space
        (code === 32 || // Space
        code === 9 || // Tab
        code === 10 || // Line Feed
        code === 11 || // Vertical Tab
        code === 12 || // Form Feed
        code === 13 || // Carriage Return
        code === 160 || // No-Break Space
        code === 5760 || // Ogham Space Mark
        code === 8192 || // En Quad
        code === 8193 || // Em Quad
        code === 8194 || // En Space
        code === 8195 || // Em Space
        code === 8196 || // Three-Per-Em Space
        code === 8197 || // Four-Per-Em Space
        code === 8198 || // Six-Per-Em Space
        code === 8199 || // Figure Space
        code === 8200 || // Punctuation Space
        code === 8201 || // Thin Space
        code === 8202 || // Hair Space
        code === 8232 || // Line Separator
        code === 8233 || // Paragraph Separator
        code === 8239 || // Narrow No-Break Space
        code === 8287 || // Medium Mathematical Space
        code === 12288 || // Ideographic Space
        code === 65279)) {
          return false;
        }
      }
      return true;
    }
    __name(isBlank, "isBlank");
    function isNonEmptyString(value) {
      return typeof value === "string" && value.length > 0;
    }
    __name(isNonEmptyString, "isNonEmptyString");
    function isSemverString(value) {
      return typeof value === "string" && regexSemverNumberedGroups.test(value);
    }
    __name(isSemverString, "isSemverString");
    function lowerName(purl2) {
      purl2.name = purl2.name.toLowerCase();
    }
    __name(lowerName, "lowerName");
    function lowerNamespace(purl2) {
      const { namespace } = purl2;
      if (typeof namespace === "string") {
        purl2.namespace = namespace.toLowerCase();
      }
    }
    __name(lowerNamespace, "lowerNamespace");
    function lowerVersion(purl2) {
      const { version } = purl2;
      if (typeof version === "string") {
        purl2.version = version.toLowerCase();
      }
    }
    __name(lowerVersion, "lowerVersion");
    function replaceDashesWithUnderscores(str2) {
      let result = "";
      let fromIndex = 0;
      let index = 0;
      while ((index = str2.indexOf("-", fromIndex)) !== -1) {
        result = result + str2.slice(fromIndex, index) + "_";
        fromIndex = index + 1;
      }
      return fromIndex ? result + str2.slice(fromIndex) : str2;
    }
    __name(replaceDashesWithUnderscores, "replaceDashesWithUnderscores");
    function replaceUnderscoresWithDashes(str2) {
      let result = "";
      let fromIndex = 0;
      let index = 0;
      while ((index = str2.indexOf("_", fromIndex)) !== -1) {
        result = result + str2.slice(fromIndex, index) + "-";
        fromIndex = index + 1;
      }
      return fromIndex ? result + str2.slice(fromIndex) : str2;
    }
    __name(replaceUnderscoresWithDashes, "replaceUnderscoresWithDashes");
    function trimLeadingSlashes(str2) {
      let start = 0;
      while (str2.charCodeAt(start) === 47) {
        start += 1;
      }
      return start === 0 ? str2 : str2.slice(start);
    }
    __name(trimLeadingSlashes, "trimLeadingSlashes");
    module.exports = {
      isBlank,
      isNonEmptyString,
      isSemverString,
      localeCompare,
      lowerName,
      lowerNamespace,
      lowerVersion,
      replaceDashesWithUnderscores,
      replaceUnderscoresWithDashes,
      trimLeadingSlashes
    };
  }
});

// node_modules/packageurl-js/src/encode.js
var require_encode = __commonJS({
  "node_modules/packageurl-js/src/encode.js"(exports, module) {
    "use strict";
    var {
      REUSED_SEARCH_PARAMS,
      REUSED_SEARCH_PARAMS_KEY,
      REUSED_SEARCH_PARAMS_OFFSET
    } = require_constants();
    var { isObject } = require_objects();
    var { isNonEmptyString } = require_strings();
    var { encodeURIComponent: encodeURIComponent2 } = globalThis;
    function encodeNamespace(namespace) {
      return isNonEmptyString(namespace) ? encodeURIComponent2(namespace).replace(/%3A/g, ":").replace(/%2F/g, "/") : "";
    }
    __name(encodeNamespace, "encodeNamespace");
    function encodeQualifierParam(param) {
      if (isNonEmptyString(param)) {
        REUSED_SEARCH_PARAMS.set(REUSED_SEARCH_PARAMS_KEY, param);
        return replacePlusSignWithPercentEncodedSpace(
          REUSED_SEARCH_PARAMS.toString().slice(REUSED_SEARCH_PARAMS_OFFSET)
        );
      }
      return "";
    }
    __name(encodeQualifierParam, "encodeQualifierParam");
    function encodeQualifiers(qualifiers) {
      if (isObject(qualifiers)) {
        const qualifiersKeys = Object.keys(qualifiers).sort();
        const searchParams = new URLSearchParams();
        for (let i = 0, { length } = qualifiersKeys; i < length; i += 1) {
          const key = qualifiersKeys[i];
          searchParams.set(key, qualifiers[key]);
        }
        return replacePlusSignWithPercentEncodedSpace(searchParams.toString());
      }
      return "";
    }
    __name(encodeQualifiers, "encodeQualifiers");
    function encodeSubpath(subpath) {
      return isNonEmptyString(subpath) ? encodeURIComponent2(subpath).replace(/%2F/g, "/") : "";
    }
    __name(encodeSubpath, "encodeSubpath");
    function encodeVersion(version) {
      return isNonEmptyString(version) ? encodeURIComponent2(version).replace(/%3A/g, ":").replace(/%2B/g, "+") : "";
    }
    __name(encodeVersion, "encodeVersion");
    function replacePlusSignWithPercentEncodedSpace(str2) {
      return str2.replace(/\+/g, "%20");
    }
    __name(replacePlusSignWithPercentEncodedSpace, "replacePlusSignWithPercentEncodedSpace");
    module.exports = {
      encodeNamespace,
      encodeVersion,
      encodeQualifiers,
      encodeQualifierParam,
      encodeSubpath,
      encodeURIComponent: encodeURIComponent2
    };
  }
});

// node_modules/packageurl-js/src/helpers.js
var require_helpers = __commonJS({
  "node_modules/packageurl-js/src/helpers.js"(exports, module) {
    "use strict";
    function createHelpersNamespaceObject(helpers, options_ = {}) {
      const { comparator, ...defaults } = { __proto__: null, ...options_ };
      const helperNames = Object.keys(helpers).sort();
      const propNames = [
        ...new Set([...Object.values(helpers)].map(Object.keys).flat())
      ].sort(comparator);
      const nsObject = /* @__PURE__ */ Object.create(null);
      for (let i = 0, { length } = propNames; i < length; i += 1) {
        const propName = propNames[i];
        const helpersForProp = /* @__PURE__ */ Object.create(null);
        for (let j = 0, { length: length_j } = helperNames; j < length_j; j += 1) {
          const helperName = helperNames[j];
          const helperValue = helpers[helperName][propName] ?? defaults[helperName];
          if (helperValue !== void 0) {
            helpersForProp[helperName] = helperValue;
          }
        }
        nsObject[propName] = helpersForProp;
      }
      return nsObject;
    }
    __name(createHelpersNamespaceObject, "createHelpersNamespaceObject");
    module.exports = {
      createHelpersNamespaceObject
    };
  }
});

// node_modules/packageurl-js/src/normalize.js
var require_normalize = __commonJS({
  "node_modules/packageurl-js/src/normalize.js"(exports, module) {
    "use strict";
    var { isObject } = require_objects();
    var { isBlank } = require_strings();
    function normalizeName(rawName) {
      return typeof rawName === "string" ? rawName.trim() : void 0;
    }
    __name(normalizeName, "normalizeName");
    function normalizeNamespace(rawNamespace) {
      return typeof rawNamespace === "string" ? normalizePath(rawNamespace) : void 0;
    }
    __name(normalizeNamespace, "normalizeNamespace");
    function normalizePath(pathname, callback) {
      let collapsed = "";
      let start = 0;
      while (pathname.charCodeAt(start) === 47) {
        start += 1;
      }
      let nextIndex = pathname.indexOf("/", start);
      if (nextIndex === -1) {
        return pathname.slice(start);
      }
      while (nextIndex !== -1) {
        const segment = pathname.slice(start, nextIndex);
        if (callback === void 0 || callback(segment)) {
          collapsed = collapsed + (collapsed.length === 0 ? "" : "/") + segment;
        }
        start = nextIndex + 1;
        while (pathname.charCodeAt(start) === 47) {
          start += 1;
        }
        nextIndex = pathname.indexOf("/", start);
      }
      const lastSegment = pathname.slice(start);
      if (lastSegment.length !== 0 && (callback === void 0 || callback(lastSegment))) {
        collapsed = collapsed + "/" + lastSegment;
      }
      return collapsed;
    }
    __name(normalizePath, "normalizePath");
    function normalizeQualifiers(rawQualifiers) {
      let qualifiers;
      for (const { 0: key, 1: value } of qualifiersToEntries(rawQualifiers)) {
        const strValue = typeof value === "string" ? value : String(value);
        const trimmed = strValue.trim();
        if (trimmed.length === 0) {
          continue;
        }
        if (qualifiers === void 0) {
          qualifiers = { __proto__: null };
        }
        qualifiers[key.toLowerCase()] = trimmed;
      }
      return qualifiers;
    }
    __name(normalizeQualifiers, "normalizeQualifiers");
    function normalizeSubpath(rawSubpath) {
      return typeof rawSubpath === "string" ? normalizePath(rawSubpath, subpathFilter) : void 0;
    }
    __name(normalizeSubpath, "normalizeSubpath");
    function normalizeType(rawType) {
      return typeof rawType === "string" ? rawType.trim().toLowerCase() : void 0;
    }
    __name(normalizeType, "normalizeType");
    function normalizeVersion(rawVersion) {
      return typeof rawVersion === "string" ? rawVersion.trim() : void 0;
    }
    __name(normalizeVersion, "normalizeVersion");
    function qualifiersToEntries(rawQualifiers) {
      if (isObject(rawQualifiers)) {
        return rawQualifiers instanceof URLSearchParams ? rawQualifiers.entries() : Object.entries(rawQualifiers);
      }
      return typeof rawQualifiers === "string" ? new URLSearchParams(rawQualifiers).entries() : Object.entries({});
    }
    __name(qualifiersToEntries, "qualifiersToEntries");
    function subpathFilter(segment) {
      const { length } = segment;
      if (length === 1 && segment.charCodeAt(0) === 46) return false;
      if (length === 2 && segment.charCodeAt(0) === 46 && segment.charCodeAt(1) === 46) {
        return false;
      }
      return !isBlank(segment);
    }
    __name(subpathFilter, "subpathFilter");
    module.exports = {
      normalizeName,
      normalizeNamespace,
      normalizePath,
      normalizeQualifiers,
      normalizeSubpath,
      normalizeType,
      normalizeVersion
    };
  }
});

// node_modules/packageurl-js/src/lang.js
var require_lang = __commonJS({
  "node_modules/packageurl-js/src/lang.js"(exports, module) {
    "use strict";
    function isNullishOrEmptyString(value) {
      return value === null || value === void 0 || typeof value === "string" && value.length === 0;
    }
    __name(isNullishOrEmptyString, "isNullishOrEmptyString");
    module.exports = {
      isNullishOrEmptyString
    };
  }
});

// node_modules/packageurl-js/src/validate.js
var require_validate = __commonJS({
  "node_modules/packageurl-js/src/validate.js"(exports, module) {
    "use strict";
    var { PurlError } = require_error();
    var { isNullishOrEmptyString } = require_lang();
    var { isNonEmptyString } = require_strings();
    function validateEmptyByType(type, name, value, throws2) {
      if (!isNullishOrEmptyString(value)) {
        if (throws2) {
          throw new PurlError(`${type} "${name}" component must be empty`);
        }
        return false;
      }
      return true;
    }
    __name(validateEmptyByType, "validateEmptyByType");
    function validateName(name, throws2) {
      return validateRequired("name", name, throws2) && validateStrings("name", name, throws2);
    }
    __name(validateName, "validateName");
    function validateNamespace(namespace, throws2) {
      return validateStrings("namespace", namespace, throws2);
    }
    __name(validateNamespace, "validateNamespace");
    function validateQualifiers(qualifiers, throws2) {
      if (qualifiers === null || qualifiers === void 0) {
        return true;
      }
      if (typeof qualifiers !== "object") {
        if (throws2) {
          throw new PurlError('"qualifiers" must be an object');
        }
        return false;
      }
      const keysIterable = (
        // URL searchParams have an "keys" method that returns an iterator.
        typeof qualifiers.keys === "function" ? qualifiers.keys() : Object.keys(qualifiers)
      );
      for (const key of keysIterable) {
        if (!validateQualifierKey(key, throws2)) {
          return false;
        }
      }
      return true;
    }
    __name(validateQualifiers, "validateQualifiers");
    function validateQualifierKey(key, throws2) {
      if (!validateStartsWithoutNumber("qualifier", key, throws2)) {
        return false;
      }
      for (let i = 0, { length } = key; i < length; i += 1) {
        const code = key.charCodeAt(i);
        if (!(code >= 48 && code <= 57 || // 0-9
        code >= 65 && code <= 90 || // A-Z
        code >= 97 && code <= 122 || // a-z
        code === 46 || // .
        code === 45 || // -
        code === 95)) {
          if (throws2) {
            throw new PurlError(
              `qualifier "${key}" contains an illegal character`
            );
          }
          return false;
        }
      }
      return true;
    }
    __name(validateQualifierKey, "validateQualifierKey");
    function validateRequired(name, value, throws2) {
      if (isNullishOrEmptyString(value)) {
        if (throws2) {
          throw new PurlError(`"${name}" is a required component`);
        }
        return false;
      }
      return true;
    }
    __name(validateRequired, "validateRequired");
    function validateRequiredByType(type, name, value, throws2) {
      if (isNullishOrEmptyString(value)) {
        if (throws2) {
          throw new PurlError(`${type} requires a "${name}" component`);
        }
        return false;
      }
      return true;
    }
    __name(validateRequiredByType, "validateRequiredByType");
    function validateStartsWithoutNumber(name, value, throws2) {
      if (isNonEmptyString(value)) {
        const code = value.charCodeAt(0);
        if (code >= 48 && code <= 57) {
          if (throws2) {
            throw new PurlError(
              `${name} "${value}" cannot start with a number`
            );
          }
          return false;
        }
      }
      return true;
    }
    __name(validateStartsWithoutNumber, "validateStartsWithoutNumber");
    function validateStrings(name, value, throws2) {
      if (value === null || value === void 0 || typeof value === "string") {
        return true;
      }
      if (throws2) {
        throw new PurlError(`"'${name}" must be a string`);
      }
      return false;
    }
    __name(validateStrings, "validateStrings");
    function validateSubpath(subpath, throws2) {
      return validateStrings("subpath", subpath, throws2);
    }
    __name(validateSubpath, "validateSubpath");
    function validateType(type, throws2) {
      if (!validateRequired("type", type, throws2) || !validateStrings("type", type, throws2) || !validateStartsWithoutNumber("type", type, throws2)) {
        return false;
      }
      for (let i = 0, { length } = type; i < length; i += 1) {
        const code = type.charCodeAt(i);
        if (!(code >= 48 && code <= 57 || // 0-9
        code >= 65 && code <= 90 || // A-Z
        code >= 97 && code <= 122 || // a-z
        code === 46 || // .
        code === 43 || // +
        code === 45)) {
          if (throws2) {
            throw new PurlError(
              `type "${type}" contains an illegal character`
            );
          }
          return false;
        }
      }
      return true;
    }
    __name(validateType, "validateType");
    function validateVersion(version, throws2) {
      return validateStrings("version", version, throws2);
    }
    __name(validateVersion, "validateVersion");
    module.exports = {
      validateEmptyByType,
      validateName,
      validateNamespace,
      validateQualifiers,
      validateQualifierKey,
      validateRequired,
      validateRequiredByType,
      validateStartsWithoutNumber,
      validateStrings,
      validateSubpath,
      validateType,
      validateVersion
    };
  }
});

// node_modules/packageurl-js/src/purl-component.js
var require_purl_component = __commonJS({
  "node_modules/packageurl-js/src/purl-component.js"(exports, module) {
    "use strict";
    var {
      encodeNamespace,
      encodeVersion,
      encodeQualifiers,
      encodeQualifierParam,
      encodeSubpath,
      encodeURIComponent: encodeURIComponent2
    } = require_encode();
    var { createHelpersNamespaceObject } = require_helpers();
    var {
      normalizeType,
      normalizeNamespace,
      normalizeName,
      normalizeVersion,
      normalizeQualifiers,
      normalizeSubpath
    } = require_normalize();
    var { localeCompare, isNonEmptyString } = require_strings();
    var {
      validateType,
      validateNamespace,
      validateName,
      validateVersion,
      validateQualifiers,
      validateQualifierKey,
      validateSubpath
    } = require_validate();
    var PurlComponentEncoder = /* @__PURE__ */ __name((comp) => isNonEmptyString(comp) ? encodeURIComponent2(comp) : "", "PurlComponentEncoder");
    var PurlComponentStringNormalizer = /* @__PURE__ */ __name((comp) => typeof comp === "string" ? comp : void 0, "PurlComponentStringNormalizer");
    var PurlComponentValidator = /* @__PURE__ */ __name((_comp, _throws) => true, "PurlComponentValidator");
    var componentSortOrderLookup = {
      __proto__: null,
      type: 0,
      namespace: 1,
      name: 2,
      version: 3,
      qualifiers: 4,
      qualifierKey: 5,
      qualifierValue: 6,
      subpath: 7
    };
    function componentSortOrder(comp) {
      return componentSortOrderLookup[comp] ?? comp;
    }
    __name(componentSortOrder, "componentSortOrder");
    function componentComparator(compA, compB) {
      return localeCompare(componentSortOrder(compA), componentSortOrder(compB));
    }
    __name(componentComparator, "componentComparator");
    module.exports = {
      // Rules for each purl component:
      // https://github.com/package-url/purl-spec/blob/master/PURL-SPECIFICATION.rst#rules-for-each-purl-component
      PurlComponent: createHelpersNamespaceObject(
        {
          encode: {
            namespace: encodeNamespace,
            version: encodeVersion,
            qualifiers: encodeQualifiers,
            qualifierKey: encodeQualifierParam,
            qualifierValue: encodeQualifierParam,
            subpath: encodeSubpath
          },
          normalize: {
            type: normalizeType,
            namespace: normalizeNamespace,
            name: normalizeName,
            version: normalizeVersion,
            qualifiers: normalizeQualifiers,
            subpath: normalizeSubpath
          },
          validate: {
            type: validateType,
            namespace: validateNamespace,
            name: validateName,
            version: validateVersion,
            qualifierKey: validateQualifierKey,
            qualifiers: validateQualifiers,
            subpath: validateSubpath
          }
        },
        {
          comparator: componentComparator,
          encode: PurlComponentEncoder,
          normalize: PurlComponentStringNormalizer,
          validate: PurlComponentValidator
        }
      )
    };
  }
});

// node_modules/packageurl-js/src/purl-qualifier-names.js
var require_purl_qualifier_names = __commonJS({
  "node_modules/packageurl-js/src/purl-qualifier-names.js"(exports, module) {
    "use strict";
    module.exports = {
      // Known qualifiers:
      // https://github.com/package-url/purl-spec/blob/master/PURL-SPECIFICATION.rst#known-qualifiers-keyvalue-pairs
      PurlQualifierNames: {
        __proto__: null,
        RepositoryUrl: "repository_url",
        DownloadUrl: "download_url",
        VcsUrl: "vcs_url",
        FileName: "file_name",
        Checksum: "checksum"
      }
    };
  }
});

// node_modules/packageurl-js/src/purl-type.js
var require_purl_type = __commonJS({
  "node_modules/packageurl-js/src/purl-type.js"(exports, module) {
    "use strict";
    var { isNullishOrEmptyString } = require_lang();
    var { createHelpersNamespaceObject } = require_helpers();
    var {
      isSemverString,
      lowerName,
      lowerNamespace,
      lowerVersion,
      replaceDashesWithUnderscores,
      replaceUnderscoresWithDashes
    } = require_strings();
    var { validateEmptyByType, validateRequiredByType } = require_validate();
    var { PurlError } = require_error();
    var PurlTypNormalizer = /* @__PURE__ */ __name((purl2) => purl2, "PurlTypNormalizer");
    var PurlTypeValidator = /* @__PURE__ */ __name((_purl, _throws) => true, "PurlTypeValidator");
    module.exports = {
      // PURL types:
      // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst
      PurlType: createHelpersNamespaceObject(
        {
          normalize: {
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#alpm
            alpm(purl2) {
              lowerNamespace(purl2);
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#apk
            apk(purl2) {
              lowerNamespace(purl2);
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#bitbucket
            bitbucket(purl2) {
              lowerNamespace(purl2);
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#bitnami
            bitnami(purl2) {
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#composer
            composer(purl2) {
              lowerNamespace(purl2);
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#deb
            deb(purl2) {
              lowerNamespace(purl2);
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#other-candidate-types-to-define
            gitlab(purl2) {
              lowerNamespace(purl2);
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#github
            github(purl2) {
              lowerNamespace(purl2);
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#golang
            // golang(purl) {
            //     // Ignore case-insensitive rule because go.mod are case-sensitive.
            //     // Pending spec change: https://github.com/package-url/purl-spec/pull/196
            //     lowerNamespace(purl)
            //     lowerName(purl)
            //     return purl
            // },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#hex
            hex(purl2) {
              lowerNamespace(purl2);
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#huggingface
            huggingface(purl2) {
              lowerVersion(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#mlflow
            mlflow(purl2) {
              if (purl2.qualifiers?.repository_url?.includes("databricks")) {
                lowerName(purl2);
              }
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#npm
            npm(purl2) {
              lowerNamespace(purl2);
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#luarocks
            luarocks(purl2) {
              lowerVersion(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#oci
            oci(purl2) {
              lowerName(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#pub
            pub(purl2) {
              lowerName(purl2);
              purl2.name = replaceDashesWithUnderscores(purl2.name);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#pypi
            pypi(purl2) {
              lowerNamespace(purl2);
              lowerName(purl2);
              purl2.name = replaceUnderscoresWithDashes(purl2.name);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#qpkg
            qpkg(purl2) {
              lowerNamespace(purl2);
              return purl2;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#rpm
            rpm(purl2) {
              lowerNamespace(purl2);
              return purl2;
            }
          },
          validate: {
            // TODO: cocoapods name validation
            // TODO: cpan namespace validation
            // TODO: swid qualifier validation
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#conan
            conan(purl2, throws2) {
              if (isNullishOrEmptyString(purl2.namespace)) {
                if (purl2.qualifiers?.channel) {
                  if (throws2) {
                    throw new PurlError(
                      'conan requires a "namespace" component when a "channel" qualifier is present'
                    );
                  }
                  return false;
                }
              } else if (isNullishOrEmptyString(purl2.qualifiers)) {
                if (throws2) {
                  throw new PurlError(
                    'conan requires a "qualifiers" component when a namespace is present'
                  );
                }
                return false;
              }
              return true;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#cran
            cran(purl2, throws2) {
              return validateRequiredByType(
                "cran",
                "version",
                purl2.version,
                throws2
              );
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#golang
            golang(purl2) {
              const { version } = purl2;
              const length = typeof version === "string" ? version.length : 0;
              if (length && version.charCodeAt(0) === 118 && !isSemverString(version.slice(1))) {
                if (throws) {
                  throw new PurlError(
                    'golang "version" component starting with a "v" must be followed by a valid semver version'
                  );
                }
                return false;
              }
              return true;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#maven
            maven(purl2, throws2) {
              return validateRequiredByType(
                "maven",
                "namespace",
                purl2.namespace,
                throws2
              );
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#mlflow
            mlflow(purl2, throws2) {
              return validateEmptyByType(
                "mlflow",
                "namespace",
                purl2.namespace,
                throws2
              );
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#oci
            oci(purl2, throws2) {
              return validateEmptyByType(
                "oci",
                "namespace",
                purl2.namespace,
                throws2
              );
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#pub
            pub(purl2, throws2) {
              const { name } = purl2;
              for (let i = 0, { length } = name; i < length; i += 1) {
                const code = name.charCodeAt(i);
                if (!(code >= 48 && code <= 57 || // 0-9
                code >= 97 && code <= 122 || // a-z
                code === 95)) {
                  if (throws2) {
                    throw new PurlError(
                      'pub "name" component may only contain [a-z0-9_] characters'
                    );
                  }
                  return false;
                }
              }
              return true;
            },
            // https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst#swift
            swift(purl2, throws2) {
              return validateRequiredByType(
                "swift",
                "namespace",
                purl2.namespace,
                throws2
              ) && validateRequiredByType(
                "swift",
                "version",
                purl2.version,
                throws2
              );
            }
          }
        },
        {
          normalize: PurlTypNormalizer,
          validate: PurlTypeValidator
        }
      )
    };
  }
});

// node_modules/packageurl-js/src/package-url.js
var require_package_url = __commonJS({
  "node_modules/packageurl-js/src/package-url.js"(exports, module) {
    "use strict";
    var { decodePurlComponent } = require_decode();
    var { isObject, recursiveFreeze } = require_objects();
    var { isBlank, isNonEmptyString, trimLeadingSlashes } = require_strings();
    var { PurlComponent } = require_purl_component();
    var { PurlQualifierNames } = require_purl_qualifier_names();
    var { PurlType } = require_purl_type();
    var { PurlError } = require_error();
    var PackageURL3 = class _PackageURL {
      static {
        __name(this, "PackageURL");
      }
      static Component = recursiveFreeze(PurlComponent);
      static KnownQualifierNames = recursiveFreeze(PurlQualifierNames);
      static Type = recursiveFreeze(PurlType);
      constructor(rawType, rawNamespace, rawName, rawVersion, rawQualifiers, rawSubpath) {
        const type = isNonEmptyString(rawType) ? PurlComponent.type.normalize(rawType) : rawType;
        PurlComponent.type.validate(type, true);
        const namespace = isNonEmptyString(rawNamespace) ? PurlComponent.namespace.normalize(rawNamespace) : rawNamespace;
        PurlComponent.namespace.validate(namespace, true);
        const name = isNonEmptyString(rawName) ? PurlComponent.name.normalize(rawName) : rawName;
        PurlComponent.name.validate(name, true);
        const version = isNonEmptyString(rawVersion) ? PurlComponent.version.normalize(rawVersion) : rawVersion;
        PurlComponent.version.validate(version, true);
        const qualifiers = typeof rawQualifiers === "string" || isObject(rawQualifiers) ? PurlComponent.qualifiers.normalize(rawQualifiers) : rawQualifiers;
        PurlComponent.qualifiers.validate(qualifiers, true);
        const subpath = isNonEmptyString(rawSubpath) ? PurlComponent.subpath.normalize(rawSubpath) : rawSubpath;
        PurlComponent.subpath.validate(subpath, true);
        this.type = type;
        this.name = name;
        this.namespace = namespace ?? void 0;
        this.version = version ?? void 0;
        this.qualifiers = qualifiers ?? void 0;
        this.subpath = subpath ?? void 0;
        const typeHelpers = PurlType[type];
        if (typeHelpers) {
          typeHelpers.normalize(this);
          typeHelpers.validate(this, true);
        }
      }
      toString() {
        const { namespace, name, version, qualifiers, subpath, type } = this;
        let purlStr = `pkg:${PurlComponent.type.encode(type)}/`;
        if (namespace) {
          purlStr = `${purlStr}${PurlComponent.namespace.encode(namespace)}/`;
        }
        purlStr = `${purlStr}${PurlComponent.name.encode(name)}`;
        if (version) {
          purlStr = `${purlStr}@${PurlComponent.version.encode(version)}`;
        }
        if (qualifiers) {
          purlStr = `${purlStr}?${PurlComponent.qualifiers.encode(qualifiers)}`;
        }
        if (subpath) {
          purlStr = `${purlStr}#${PurlComponent.subpath.encode(subpath)}`;
        }
        return purlStr;
      }
      static fromString(purlStr) {
        return new _PackageURL(..._PackageURL.parseString(purlStr));
      }
      static parseString(purlStr) {
        if (typeof purlStr !== "string") {
          throw new Error("A purl string argument is required.");
        }
        if (isBlank(purlStr)) {
          return [
            void 0,
            void 0,
            void 0,
            void 0,
            void 0,
            void 0
          ];
        }
        const colonIndex = purlStr.indexOf(":");
        let url;
        let maybeUrlWithAuth;
        if (colonIndex !== -1) {
          try {
            const beforeColon = purlStr.slice(0, colonIndex);
            const afterColon = purlStr.slice(colonIndex + 1);
            const trimmedAfterColon = trimLeadingSlashes(afterColon);
            url = new URL(`${beforeColon}:${trimmedAfterColon}`);
            maybeUrlWithAuth = afterColon.length === trimmedAfterColon.length ? url : new URL(purlStr);
          } catch (e) {
            throw new PurlError("failed to parse as URL", {
              cause: e
            });
          }
        }
        if (url?.protocol !== "pkg:") {
          throw new PurlError('missing required "pkg" scheme component');
        }
        if (maybeUrlWithAuth.username !== "" || maybeUrlWithAuth.password !== "") {
          throw new PurlError('cannot contain a "user:pass@host:port"');
        }
        const { pathname } = url;
        const firstSlashIndex = pathname.indexOf("/");
        const rawType = decodePurlComponent(
          "type",
          firstSlashIndex === -1 ? pathname : pathname.slice(0, firstSlashIndex)
        );
        if (firstSlashIndex < 1) {
          return [
            rawType,
            void 0,
            void 0,
            void 0,
            void 0,
            void 0
          ];
        }
        let rawVersion;
        let atSignIndex = pathname.lastIndexOf("@");
        if (atSignIndex !== -1 && pathname.charCodeAt(atSignIndex - 1) === 47) {
          atSignIndex = -1;
        }
        const beforeVersion = pathname.slice(
          rawType.length + 1,
          atSignIndex === -1 ? pathname.length : atSignIndex
        );
        if (atSignIndex !== -1) {
          rawVersion = decodePurlComponent(
            "version",
            pathname.slice(atSignIndex + 1)
          );
        }
        let rawNamespace;
        let rawName;
        const lastSlashIndex = beforeVersion.lastIndexOf("/");
        if (lastSlashIndex === -1) {
          rawName = decodePurlComponent("name", beforeVersion);
        } else {
          rawName = decodePurlComponent(
            "name",
            beforeVersion.slice(lastSlashIndex + 1)
          );
          rawNamespace = decodePurlComponent(
            "namespace",
            beforeVersion.slice(0, lastSlashIndex)
          );
        }
        let rawQualifiers;
        const { searchParams } = url;
        if (searchParams.size !== 0) {
          searchParams.forEach(
            (value) => decodePurlComponent("qualifiers", value)
          );
          rawQualifiers = searchParams;
        }
        let rawSubpath;
        const { hash } = url;
        if (hash.length !== 0) {
          rawSubpath = decodePurlComponent("subpath", hash.slice(1));
        }
        return [
          rawType,
          rawNamespace,
          rawName,
          rawVersion,
          rawQualifiers,
          rawSubpath
        ];
      }
    };
    for (const staticProp of ["Component", "KnownQualifierNames", "Type"]) {
      Reflect.defineProperty(PackageURL3, staticProp, {
        ...Reflect.getOwnPropertyDescriptor(PackageURL3, staticProp),
        writable: false
      });
    }
    Reflect.setPrototypeOf(PackageURL3.prototype, null);
    module.exports = {
      PackageURL: PackageURL3,
      PurlComponent,
      PurlQualifierNames,
      PurlType
    };
  }
});

// node_modules/packageurl-js/index.js
var require_packageurl_js = __commonJS({
  "node_modules/packageurl-js/index.js"(exports, module) {
    "use strict";
    var {
      PackageURL: PackageURL3,
      PurlComponent,
      PurlQualifierNames,
      PurlType
    } = require_package_url();
    module.exports = {
      PackageURL: PackageURL3,
      PurlComponent,
      PurlQualifierNames,
      PurlType
    };
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/attachmentEncoding.js
var require_attachmentEncoding = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/attachmentEncoding.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.AttachmentEncoding = void 0;
    var AttachmentEncoding;
    (function(AttachmentEncoding2) {
      AttachmentEncoding2["Base64"] = "base64";
    })(AttachmentEncoding || (exports.AttachmentEncoding = AttachmentEncoding = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/componentScope.js
var require_componentScope = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/componentScope.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ComponentScope = void 0;
    var ComponentScope;
    (function(ComponentScope2) {
      ComponentScope2["Required"] = "required";
      ComponentScope2["Optional"] = "optional";
      ComponentScope2["Excluded"] = "excluded";
    })(ComponentScope || (exports.ComponentScope = ComponentScope = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/componentType.js
var require_componentType = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/componentType.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ComponentType = void 0;
    var ComponentType2;
    (function(ComponentType3) {
      ComponentType3["Application"] = "application";
      ComponentType3["Framework"] = "framework";
      ComponentType3["Library"] = "library";
      ComponentType3["Container"] = "container";
      ComponentType3["Platform"] = "platform";
      ComponentType3["OperatingSystem"] = "operating-system";
      ComponentType3["Device"] = "device";
      ComponentType3["DeviceDriver"] = "device-driver";
      ComponentType3["Firmware"] = "firmware";
      ComponentType3["File"] = "file";
      ComponentType3["MachineLearningModel"] = "machine-learning-model";
      ComponentType3["Data"] = "data";
      ComponentType3["CryptographicAsset"] = "cryptographic-asset";
    })(ComponentType2 || (exports.ComponentType = ComponentType2 = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/externalReferenceType.js
var require_externalReferenceType = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/externalReferenceType.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ExternalReferenceType = void 0;
    var ExternalReferenceType;
    (function(ExternalReferenceType2) {
      ExternalReferenceType2["VCS"] = "vcs";
      ExternalReferenceType2["IssueTracker"] = "issue-tracker";
      ExternalReferenceType2["Website"] = "website";
      ExternalReferenceType2["Advisories"] = "advisories";
      ExternalReferenceType2["BOM"] = "bom";
      ExternalReferenceType2["MailingList"] = "mailing-list";
      ExternalReferenceType2["Social"] = "social";
      ExternalReferenceType2["Chat"] = "chat";
      ExternalReferenceType2["Documentation"] = "documentation";
      ExternalReferenceType2["Support"] = "support";
      ExternalReferenceType2["SourceDistribution"] = "source-distribution";
      ExternalReferenceType2["Distribution"] = "distribution";
      ExternalReferenceType2["DistributionIntake"] = "distribution-intake";
      ExternalReferenceType2["License"] = "license";
      ExternalReferenceType2["BuildMeta"] = "build-meta";
      ExternalReferenceType2["BuildSystem"] = "build-system";
      ExternalReferenceType2["ReleaseNotes"] = "release-notes";
      ExternalReferenceType2["SecurityContact"] = "security-contact";
      ExternalReferenceType2["ModelCard"] = "model-card";
      ExternalReferenceType2["Log"] = "log";
      ExternalReferenceType2["Configuration"] = "configuration";
      ExternalReferenceType2["Evidence"] = "evidence";
      ExternalReferenceType2["Formulation"] = "formulation";
      ExternalReferenceType2["Attestation"] = "attestation";
      ExternalReferenceType2["ThreatModel"] = "threat-model";
      ExternalReferenceType2["AdversaryModel"] = "adversary-model";
      ExternalReferenceType2["RiskAssessment"] = "risk-assessment";
      ExternalReferenceType2["VulnerabilityAssertion"] = "vulnerability-assertion";
      ExternalReferenceType2["ExploitabilityStatement"] = "exploitability-statement";
      ExternalReferenceType2["PentestReport"] = "pentest-report";
      ExternalReferenceType2["StaticAnalysisReport"] = "static-analysis-report";
      ExternalReferenceType2["DynamicAnalysisReport"] = "dynamic-analysis-report";
      ExternalReferenceType2["RuntimeAnalysisReport"] = "runtime-analysis-report";
      ExternalReferenceType2["ComponentAnalysisReport"] = "component-analysis-report";
      ExternalReferenceType2["MaturityReport"] = "maturity-report";
      ExternalReferenceType2["CertificationReport"] = "certification-report";
      ExternalReferenceType2["CodifiedInfrastructure"] = "codified-infrastructure";
      ExternalReferenceType2["QualityMetrics"] = "quality-metrics";
      ExternalReferenceType2["POAM"] = "poam";
      ExternalReferenceType2["ElectronicSignature"] = "electronic-signature";
      ExternalReferenceType2["DigitalSignature"] = "digital-signature";
      ExternalReferenceType2["RFC9116"] = "rfc-9116";
      ExternalReferenceType2["Citation"] = "citation";
      ExternalReferenceType2["Patent"] = "patent";
      ExternalReferenceType2["PatentAssertion"] = "patent-assertion";
      ExternalReferenceType2["PatentFamily"] = "patent-family";
      ExternalReferenceType2["Other"] = "other";
    })(ExternalReferenceType || (exports.ExternalReferenceType = ExternalReferenceType = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/hashAlogorithm.js
var require_hashAlogorithm = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/hashAlogorithm.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.HashAlgorithm = void 0;
    var HashAlgorithm;
    (function(HashAlgorithm2) {
      HashAlgorithm2["MD5"] = "MD5";
      HashAlgorithm2["SHA-1"] = "SHA-1";
      HashAlgorithm2["SHA-256"] = "SHA-256";
      HashAlgorithm2["SHA-384"] = "SHA-384";
      HashAlgorithm2["SHA-512"] = "SHA-512";
      HashAlgorithm2["SHA3-256"] = "SHA3-256";
      HashAlgorithm2["SHA3-384"] = "SHA3-384";
      HashAlgorithm2["SHA3-512"] = "SHA3-512";
      HashAlgorithm2["BLAKE2b-256"] = "BLAKE2b-256";
      HashAlgorithm2["BLAKE2b-384"] = "BLAKE2b-384";
      HashAlgorithm2["BLAKE2b-512"] = "BLAKE2b-512";
      HashAlgorithm2["BLAKE3"] = "BLAKE3";
      HashAlgorithm2["Streebog-256"] = "Streebog-256";
      HashAlgorithm2["Streebog-512"] = "Streebog-512";
    })(HashAlgorithm || (exports.HashAlgorithm = HashAlgorithm = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/licenseAcknowledgement.js
var require_licenseAcknowledgement = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/licenseAcknowledgement.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.LicenseAcknowledgement = void 0;
    var LicenseAcknowledgement;
    (function(LicenseAcknowledgement2) {
      LicenseAcknowledgement2["Declared"] = "declared";
      LicenseAcknowledgement2["Concluded"] = "concluded";
    })(LicenseAcknowledgement || (exports.LicenseAcknowledgement = LicenseAcknowledgement = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/lifecyclePhase.js
var require_lifecyclePhase = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/lifecyclePhase.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.LifecyclePhase = void 0;
    var LifecyclePhase;
    (function(LifecyclePhase2) {
      LifecyclePhase2["Design"] = "design";
      LifecyclePhase2["PreBuild"] = "pre-build";
      LifecyclePhase2["Build"] = "build";
      LifecyclePhase2["PostBuild"] = "post-build";
      LifecyclePhase2["Operations"] = "operations";
      LifecyclePhase2["Discovery"] = "discovery";
      LifecyclePhase2["Decommission"] = "decommission";
    })(LifecyclePhase || (exports.LifecyclePhase = LifecyclePhase = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/affectStatus.js
var require_affectStatus = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/affectStatus.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.AffectStatus = void 0;
    var AffectStatus;
    (function(AffectStatus2) {
      AffectStatus2["Affected"] = "affected";
      AffectStatus2["Unaffected"] = "unaffected";
      AffectStatus2["Unknown"] = "unknown";
    })(AffectStatus || (exports.AffectStatus = AffectStatus = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/analysisJustification.js
var require_analysisJustification = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/analysisJustification.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.AnalysisJustification = void 0;
    var AnalysisJustification;
    (function(AnalysisJustification2) {
      AnalysisJustification2["CodeNotPresent"] = "code_not_present";
      AnalysisJustification2["CodeNotReachable"] = "code_not_reachable";
      AnalysisJustification2["RequiresConfiguration"] = "requires_configuration";
      AnalysisJustification2["RequiresDependency"] = "requires_dependency";
      AnalysisJustification2["RequiresEnvironment"] = "requires_environment";
      AnalysisJustification2["ProtectedByCompiler"] = "protected_by_compiler";
      AnalysisJustification2["ProtectedAtRuntime"] = "protected_at_runtime";
      AnalysisJustification2["ProtectedAtPerimeter"] = "protected_at_perimeter";
      AnalysisJustification2["ProtectedByMitigatingControl"] = "protected_by_mitigating_control";
    })(AnalysisJustification || (exports.AnalysisJustification = AnalysisJustification = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/_helpers/sortable.js
var require_sortable = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/_helpers/sortable.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.SortableNumbers = exports.SortableStringables = exports.SortableComparables = exports.SortableSet = exports.compareObjectsSymbol = void 0;
    exports.compareObjectsSymbol = /* @__PURE__ */ Symbol("internal compare function");
    var SortableSet = class extends Set {
      static {
        __name(this, "SortableSet");
      }
      sorted() {
        return Array.from(this).sort(this[exports.compareObjectsSymbol]);
      }
      compare(other) {
        const sortedOther = other.sorted();
        const sortedSelf = this.sorted();
        if (sortedSelf.length !== sortedOther.length) {
          return sortedSelf.length - sortedOther.length;
        }
        for (let i = sortedSelf.length - 1; i >= 0; --i) {
          const iCompared = this[exports.compareObjectsSymbol](sortedSelf[i], sortedOther[i]);
          if (iCompared !== 0) {
            return iCompared;
          }
        }
        return 0;
      }
    };
    exports.SortableSet = SortableSet;
    var SortableComparables = class extends SortableSet {
      static {
        __name(this, "SortableComparables");
      }
      [exports.compareObjectsSymbol](a, b) {
        if (a.constructor === b.constructor) {
          return a.compare(b);
        }
        return a.constructor.name.localeCompare(b.constructor.name);
      }
    };
    exports.SortableComparables = SortableComparables;
    var SortableStringables = class extends SortableSet {
      static {
        __name(this, "SortableStringables");
      }
      [exports.compareObjectsSymbol](a, b) {
        return a.toString().localeCompare(b.toString());
      }
    };
    exports.SortableStringables = SortableStringables;
    var SortableNumbers = class extends SortableSet {
      static {
        __name(this, "SortableNumbers");
      }
      [exports.compareObjectsSymbol](a, b) {
        return a - b;
      }
    };
    exports.SortableNumbers = SortableNumbers;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/analysisResponse.js
var require_analysisResponse = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/analysisResponse.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.AnalysisResponseRepository = exports.AnalysisResponse = void 0;
    var sortable_1 = require_sortable();
    var AnalysisResponse;
    (function(AnalysisResponse2) {
      AnalysisResponse2["CanNotFix"] = "can_not_fix";
      AnalysisResponse2["WillNotFix"] = "will_not_fix";
      AnalysisResponse2["Update"] = "update";
      AnalysisResponse2["Rollback"] = "rollback";
      AnalysisResponse2["WorkaroundAvailable"] = "workaround_available";
    })(AnalysisResponse || (exports.AnalysisResponse = AnalysisResponse = {}));
    var AnalysisResponseRepository = class extends sortable_1.SortableStringables {
      static {
        __name(this, "AnalysisResponseRepository");
      }
    };
    exports.AnalysisResponseRepository = AnalysisResponseRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/analysisState.js
var require_analysisState = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/analysisState.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.AnalysisState = void 0;
    var AnalysisState;
    (function(AnalysisState2) {
      AnalysisState2["Resolved"] = "resolved";
      AnalysisState2["ResolvedWithPedigree"] = "resolved_with_pedigree";
      AnalysisState2["Exploitable"] = "exploitable";
      AnalysisState2["InTriage"] = "in_triage";
      AnalysisState2["FalsePositive"] = "false_positive";
      AnalysisState2["NotAffected"] = "not_affected";
    })(AnalysisState || (exports.AnalysisState = AnalysisState = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/ratingMethod.js
var require_ratingMethod = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/ratingMethod.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.RatingMethod = void 0;
    var RatingMethod;
    (function(RatingMethod2) {
      RatingMethod2["CVSSv2"] = "CVSSv2";
      RatingMethod2["CVSSv3"] = "CVSSv3";
      RatingMethod2["CVSSv31"] = "CVSSv31";
      RatingMethod2["CVSSv4"] = "CVSSv4";
      RatingMethod2["OWASP"] = "OWASP";
      RatingMethod2["SSVC"] = "SSVC";
      RatingMethod2["Other"] = "other";
    })(RatingMethod || (exports.RatingMethod = RatingMethod = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/severity.js
var require_severity = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/severity.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Severity = void 0;
    var Severity;
    (function(Severity2) {
      Severity2["Critical"] = "critical";
      Severity2["High"] = "high";
      Severity2["Medium"] = "medium";
      Severity2["Low"] = "low";
      Severity2["Info"] = "info";
      Severity2["None"] = "none";
      Severity2["Unknown"] = "unknown";
    })(Severity || (exports.Severity = Severity = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/index.js
var require_vulnerability = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/vulnerability/index.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: /* @__PURE__ */ __name(function() {
          return m[k];
        }, "get") };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    __exportStar(require_affectStatus(), exports);
    __exportStar(require_analysisJustification(), exports);
    __exportStar(require_analysisResponse(), exports);
    __exportStar(require_analysisState(), exports);
    __exportStar(require_ratingMethod(), exports);
    __exportStar(require_severity(), exports);
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/index.js
var require_enums = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/enums/index.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: /* @__PURE__ */ __name(function() {
          return m[k];
        }, "get") };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports && exports.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    var __importStar = exports && exports.__importStar || /* @__PURE__ */ (function() {
      var ownKeys = /* @__PURE__ */ __name(function(o) {
        ownKeys = Object.getOwnPropertyNames || function(o2) {
          var ar = [];
          for (var k in o2) if (Object.prototype.hasOwnProperty.call(o2, k)) ar[ar.length] = k;
          return ar;
        };
        return ownKeys(o);
      }, "ownKeys");
      return function(mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) {
          for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        }
        __setModuleDefault(result, mod);
        return result;
      };
    })();
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Vulnerability = void 0;
    __exportStar(require_attachmentEncoding(), exports);
    __exportStar(require_componentScope(), exports);
    __exportStar(require_componentType(), exports);
    __exportStar(require_externalReferenceType(), exports);
    __exportStar(require_hashAlogorithm(), exports);
    __exportStar(require_licenseAcknowledgement(), exports);
    __exportStar(require_lifecyclePhase(), exports);
    exports.Vulnerability = __importStar(require_vulnerability());
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/attachment.js
var require_attachment = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/attachment.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Attachment = void 0;
    var Attachment = class {
      static {
        __name(this, "Attachment");
      }
      contentType;
      content;
      encoding;
      constructor(content, op = {}) {
        this.contentType = op.contentType;
        this.content = content;
        this.encoding = op.encoding;
      }
    };
    exports.Attachment = Attachment;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/types/integer.js
var require_integer = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/types/integer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.isInteger = isInteger;
    exports.isNonNegativeInteger = isNonNegativeInteger;
    exports.isPositiveInteger = isPositiveInteger;
    function isInteger(value) {
      return Number.isInteger(value);
    }
    __name(isInteger, "isInteger");
    function isNonNegativeInteger(value) {
      return isInteger(value) && value >= 0;
    }
    __name(isNonNegativeInteger, "isNonNegativeInteger");
    function isPositiveInteger(value) {
      return isInteger(value) && value > 0;
    }
    __name(isPositiveInteger, "isPositiveInteger");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/_helpers/tree.js
var require_tree = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/_helpers/tree.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.treeIteratorSymbol = void 0;
    exports.treeIteratorSymbol = /* @__PURE__ */ Symbol("iterator of a tree/nesting-like structure");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/types/cpe.js
var require_cpe = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/types/cpe.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.isCPE = isCPE;
    var cpePattern = /^([c][pP][eE]:\/[AHOaho]?(:[A-Za-z0-9\._\-~%]*){0,6})$|^(cpe:2\.3:[aho\*\-](:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$$%&'\(\)\+,\/:;<=>@\[\]\^`\{\|}~]))+(\?*|\*?))|[\*\-])){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[\*\-]))(:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$$%&'\(\)\+,\/:;<=>@\[\]\^`\{\|}~]))+(\?*|\*?))|[\*\-])){4})$/;
    function isCPE(value) {
      return typeof value === "string" && cpePattern.test(value);
    }
    __name(isCPE, "isCPE");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/bomRef.js
var require_bomRef = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/bomRef.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BomRefRepository = exports.BomRef = void 0;
    var BomRef = class {
      static {
        __name(this, "BomRef");
      }
      value;
      constructor(value) {
        this.value = value;
      }
      compare(other) {
        return this.toString().localeCompare(other.toString());
      }
      toString() {
        return this.value ?? "";
      }
    };
    exports.BomRef = BomRef;
    var BomRefRepository = class extends Set {
      static {
        __name(this, "BomRefRepository");
      }
    };
    exports.BomRefRepository = BomRefRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/copyright.js
var require_copyright = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/copyright.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CopyrightRepository = void 0;
    var sortable_1 = require_sortable();
    var CopyrightRepository = class extends sortable_1.SortableStringables {
      static {
        __name(this, "CopyrightRepository");
      }
    };
    exports.CopyrightRepository = CopyrightRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/hash.js
var require_hash = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/hash.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.HashDictionary = void 0;
    var HashDictionary = class _HashDictionary extends Map {
      static {
        __name(this, "HashDictionary");
      }
      static #compareItems([a1, c1], [a2, c2]) {
        return a1.localeCompare(a2) || c1.localeCompare(c2);
      }
      sorted() {
        return Array.from(this.entries()).sort(_HashDictionary.#compareItems);
      }
    };
    exports.HashDictionary = HashDictionary;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/externalReference.js
var require_externalReference = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/externalReference.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ExternalReferenceRepository = exports.ExternalReference = void 0;
    var sortable_1 = require_sortable();
    var hash_1 = require_hash();
    var ExternalReference = class {
      static {
        __name(this, "ExternalReference");
      }
      url;
      type;
      hashes;
      comment;
      constructor(url, type, op = {}) {
        this.url = url;
        this.type = type;
        this.hashes = op.hashes ?? new hash_1.HashDictionary();
        this.comment = op.comment;
      }
      compare(other) {
        return this.type.localeCompare(other.type) || this.url.toString().localeCompare(other.url.toString());
      }
    };
    exports.ExternalReference = ExternalReference;
    var ExternalReferenceRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "ExternalReferenceRepository");
      }
    };
    exports.ExternalReferenceRepository = ExternalReferenceRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/property.js
var require_property = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/property.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.PropertyRepository = exports.Property = void 0;
    var sortable_1 = require_sortable();
    var Property2 = class {
      static {
        __name(this, "Property");
      }
      name;
      value;
      constructor(name, value) {
        this.name = name;
        this.value = value;
      }
      compare(other) {
        return this.name.localeCompare(other.name) || this.value.localeCompare(other.value);
      }
    };
    exports.Property = Property2;
    var PropertyRepository2 = class extends sortable_1.SortableComparables {
      static {
        __name(this, "PropertyRepository");
      }
    };
    exports.PropertyRepository = PropertyRepository2;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/license.js
var require_license = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/license.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.LicenseRepository = exports.SpdxLicense = exports.NamedLicense = exports.LicenseExpression = void 0;
    var property_1 = require_property();
    var LicenseExpression2 = class {
      static {
        __name(this, "LicenseExpression");
      }
      #expression;
      acknowledgement;
      constructor(expression) {
        this.expression = expression;
      }
      get expression() {
        return this.#expression;
      }
      set expression(value) {
        if (value === "") {
          throw new RangeError("value is empty string");
        }
        this.#expression = value;
      }
      compare(other) {
        return this.#expression.localeCompare(other.#expression);
      }
    };
    exports.LicenseExpression = LicenseExpression2;
    var DisjunctiveLicenseBase = class {
      static {
        __name(this, "DisjunctiveLicenseBase");
      }
      acknowledgement;
      text;
      #url;
      properties;
      constructor(op = {}) {
        this.acknowledgement = op.acknowledgement;
        this.text = op.text;
        this.url = op.url;
        this.properties = op.properties ?? new property_1.PropertyRepository();
      }
      get url() {
        return this.#url;
      }
      set url(value) {
        this.#url = value === "" ? void 0 : value;
      }
    };
    var NamedLicense = class extends DisjunctiveLicenseBase {
      static {
        __name(this, "NamedLicense");
      }
      name;
      constructor(name, op = {}) {
        super(op);
        this.name = name;
      }
      compare(other) {
        return this.name.localeCompare(other.name);
      }
    };
    exports.NamedLicense = NamedLicense;
    var SpdxLicense = class extends DisjunctiveLicenseBase {
      static {
        __name(this, "SpdxLicense");
      }
      #id;
      constructor(id, op = {}) {
        super(op);
        this.id = id;
      }
      get id() {
        return this.#id;
      }
      set id(value) {
        if (value === "") {
          throw new RangeError("value is empty string");
        }
        this.#id = value;
      }
      compare(other) {
        return this.#id.localeCompare(other.#id);
      }
    };
    exports.SpdxLicense = SpdxLicense;
    var LicenseRepository2 = class _LicenseRepository extends Set {
      static {
        __name(this, "LicenseRepository");
      }
      static #compareItems(a, b) {
        if (a.constructor === b.constructor) {
          return a.compare(b);
        }
        return a.constructor.name.localeCompare(b.constructor.name);
      }
      sorted() {
        return Array.from(this).sort(_LicenseRepository.#compareItems);
      }
    };
    exports.LicenseRepository = LicenseRepository2;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/component.js
var require_component = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/component.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ComponentEvidence = exports.ComponentRepository = exports.Component = void 0;
    var sortable_1 = require_sortable();
    var tree_1 = require_tree();
    var cpe_1 = require_cpe();
    var bomRef_1 = require_bomRef();
    var copyright_1 = require_copyright();
    var externalReference_1 = require_externalReference();
    var hash_1 = require_hash();
    var license_1 = require_license();
    var property_1 = require_property();
    var Component2 = class {
      static {
        __name(this, "Component");
      }
      type;
      name;
      author;
      copyright;
      description;
      externalReferences;
      group;
      hashes;
      licenses;
      publisher;
      purl;
      scope;
      supplier;
      swid;
      version;
      components;
      properties;
      evidence;
      #bomRef;
      #cpe;
      dependencies;
      constructor(type, name, op = {}) {
        this.#bomRef = new bomRef_1.BomRef(op.bomRef);
        this.type = type;
        this.name = name;
        this.supplier = op.supplier;
        this.author = op.author;
        this.copyright = op.copyright;
        this.externalReferences = op.externalReferences ?? new externalReference_1.ExternalReferenceRepository();
        this.group = op.group;
        this.hashes = op.hashes ?? new hash_1.HashDictionary();
        this.licenses = op.licenses ?? new license_1.LicenseRepository();
        this.publisher = op.publisher;
        this.purl = op.purl;
        this.scope = op.scope;
        this.swid = op.swid;
        this.version = op.version;
        this.description = op.description;
        this.components = op.components ?? new ComponentRepository2();
        this.cpe = op.cpe;
        this.properties = op.properties ?? new property_1.PropertyRepository();
        this.evidence = op.evidence;
        this.dependencies = op.dependencies ?? new bomRef_1.BomRefRepository();
      }
      get bomRef() {
        return this.#bomRef;
      }
      get cpe() {
        return this.#cpe;
      }
      set cpe(value) {
        if (value !== void 0 && !(0, cpe_1.isCPE)(value)) {
          throw new TypeError("Not CPE nor undefined");
        }
        this.#cpe = value;
      }
      compare(other) {
        const bomRefCompare = this.bomRef.compare(other.bomRef);
        if (bomRefCompare !== 0) {
          return bomRefCompare;
        }
        if (this.purl !== void 0 && other.purl !== void 0) {
          return this.purl.localeCompare(other.purl);
        }
        if (this.#cpe !== void 0 && other.#cpe !== void 0) {
          return this.#cpe.localeCompare(other.#cpe);
        }
        return (this.group ?? "").localeCompare(other.group ?? "") || this.name.localeCompare(other.name) || (this.version ?? "").localeCompare(other.version ?? "");
      }
    };
    exports.Component = Component2;
    var ComponentRepository2 = class extends sortable_1.SortableComparables {
      static {
        __name(this, "ComponentRepository");
      }
      *[tree_1.treeIteratorSymbol]() {
        for (const component3 of this) {
          yield component3;
          yield* component3.components[tree_1.treeIteratorSymbol]();
        }
      }
    };
    exports.ComponentRepository = ComponentRepository2;
    var ComponentEvidence = class {
      static {
        __name(this, "ComponentEvidence");
      }
      licenses;
      copyright;
      constructor(op = {}) {
        this.licenses = op.licenses ?? new license_1.LicenseRepository();
        this.copyright = op.copyright ?? new copyright_1.CopyrightRepository();
      }
    };
    exports.ComponentEvidence = ComponentEvidence;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/lifecycle.js
var require_lifecycle = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/lifecycle.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.LifecycleRepository = exports.NamedLifecycle = void 0;
    var NamedLifecycle = class {
      static {
        __name(this, "NamedLifecycle");
      }
      name;
      description;
      constructor(name, op = {}) {
        this.name = name;
        this.description = op.description;
      }
      compare(other) {
        return this.name.localeCompare(other.name);
      }
    };
    exports.NamedLifecycle = NamedLifecycle;
    var LifecycleRepository = class _LifecycleRepository extends Set {
      static {
        __name(this, "LifecycleRepository");
      }
      static #compareItems(a, b) {
        if (a.constructor === b.constructor) {
          return a instanceof NamedLifecycle ? a.compare(b) : a.localeCompare(b);
        }
        return a.constructor.name.localeCompare(b.constructor.name);
      }
      sorted() {
        return Array.from(this).sort(_LifecycleRepository.#compareItems);
      }
    };
    exports.LifecycleRepository = LifecycleRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/organizationalContact.js
var require_organizationalContact = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/organizationalContact.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.OrganizationalContactRepository = exports.OrganizationalContact = void 0;
    var sortable_1 = require_sortable();
    var OrganizationalContact = class {
      static {
        __name(this, "OrganizationalContact");
      }
      name;
      email;
      phone;
      constructor(op = {}) {
        this.name = op.name;
        this.email = op.email;
        this.phone = op.phone;
      }
      compare(other) {
        return (this.name ?? "").localeCompare(other.name ?? "") || (this.email ?? "").localeCompare(other.email ?? "") || (this.phone ?? "").localeCompare(other.phone ?? "");
      }
    };
    exports.OrganizationalContact = OrganizationalContact;
    var OrganizationalContactRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "OrganizationalContactRepository");
      }
    };
    exports.OrganizationalContactRepository = OrganizationalContactRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/service.js
var require_service = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/service.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ServiceRepository = exports.Service = void 0;
    var sortable_1 = require_sortable();
    var tree_1 = require_tree();
    var bomRef_1 = require_bomRef();
    var externalReference_1 = require_externalReference();
    var license_1 = require_license();
    var property_1 = require_property();
    var Service = class {
      static {
        __name(this, "Service");
      }
      provider;
      group;
      name;
      version;
      description;
      licenses;
      externalReferences;
      services;
      properties;
      #bomRef;
      dependencies;
      constructor(name, op = {}) {
        this.#bomRef = new bomRef_1.BomRef(op.bomRef);
        this.provider = op.provider;
        this.group = op.group;
        this.name = name;
        this.version = op.version;
        this.description = op.description;
        this.licenses = op.licenses ?? new license_1.LicenseRepository();
        this.externalReferences = op.externalReferences ?? new externalReference_1.ExternalReferenceRepository();
        this.services = op.services ?? new ServiceRepository();
        this.properties = op.properties ?? new property_1.PropertyRepository();
        this.dependencies = op.dependencies ?? new bomRef_1.BomRefRepository();
      }
      get bomRef() {
        return this.#bomRef;
      }
      compare(other) {
        const bomRefCompare = this.bomRef.compare(other.bomRef);
        if (bomRefCompare !== 0) {
          return bomRefCompare;
        }
        return (this.group ?? "").localeCompare(other.group ?? "") || this.name.localeCompare(other.name) || (this.version ?? "").localeCompare(other.version ?? "");
      }
    };
    exports.Service = Service;
    var ServiceRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "ServiceRepository");
      }
      *[tree_1.treeIteratorSymbol]() {
        for (const service of this) {
          yield service;
          yield* service.services[tree_1.treeIteratorSymbol]();
        }
      }
    };
    exports.ServiceRepository = ServiceRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/tool.js
var require_tool = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/tool.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Tools = exports.ToolRepository = exports.Tool = void 0;
    var sortable_1 = require_sortable();
    var component_1 = require_component();
    var externalReference_1 = require_externalReference();
    var hash_1 = require_hash();
    var service_1 = require_service();
    var Tool = class _Tool {
      static {
        __name(this, "Tool");
      }
      vendor;
      name;
      version;
      hashes;
      externalReferences;
      constructor(op = {}) {
        this.vendor = op.vendor;
        this.name = op.name;
        this.version = op.version;
        this.hashes = op.hashes ?? new hash_1.HashDictionary();
        this.externalReferences = op.externalReferences ?? new externalReference_1.ExternalReferenceRepository();
      }
      compare(other) {
        return (this.vendor ?? "").localeCompare(other.vendor ?? "") || (this.name ?? "").localeCompare(other.name ?? "") || (this.version ?? "").localeCompare(other.version ?? "");
      }
      static fromComponent(component3) {
        return new _Tool({
          vendor: component3.group,
          name: component3.name,
          version: component3.version,
          hashes: component3.hashes,
          externalReferences: component3.externalReferences
        });
      }
      static fromService(service) {
        return new _Tool({
          vendor: service.group,
          name: service.name,
          version: service.version,
          externalReferences: service.externalReferences
        });
      }
    };
    exports.Tool = Tool;
    var ToolRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "ToolRepository");
      }
    };
    exports.ToolRepository = ToolRepository;
    var Tools2 = class {
      static {
        __name(this, "Tools");
      }
      components;
      services;
      tools;
      constructor(op = {}) {
        this.components = op.components ?? new component_1.ComponentRepository();
        this.services = op.services ?? new service_1.ServiceRepository();
        this.tools = op.tools ?? new ToolRepository();
      }
      get size() {
        return this.components.size + this.services.size + this.tools.size;
      }
    };
    exports.Tools = Tools2;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/metadata.js
var require_metadata = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/metadata.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Metadata = void 0;
    var license_1 = require_license();
    var lifecycle_1 = require_lifecycle();
    var organizationalContact_1 = require_organizationalContact();
    var property_1 = require_property();
    var tool_1 = require_tool();
    var Metadata2 = class {
      static {
        __name(this, "Metadata");
      }
      timestamp;
      lifecycles;
      tools;
      authors;
      component;
      manufacture;
      supplier;
      licenses;
      properties;
      constructor(op = {}) {
        this.timestamp = op.timestamp;
        this.lifecycles = op.lifecycles ?? new lifecycle_1.LifecycleRepository();
        this.tools = op.tools ?? new tool_1.Tools();
        this.authors = op.authors ?? new organizationalContact_1.OrganizationalContactRepository();
        this.component = op.component;
        this.manufacture = op.manufacture;
        this.supplier = op.supplier;
        this.licenses = op.licenses ?? new license_1.LicenseRepository();
        this.properties = op.properties ?? new property_1.PropertyRepository();
      }
    };
    exports.Metadata = Metadata2;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/types/cwe.js
var require_cwe = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/types/cwe.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CweRepository = void 0;
    exports.isCWE = isCWE;
    var sortable_1 = require_sortable();
    var integer_1 = require_integer();
    function isCWE(value) {
      return (0, integer_1.isPositiveInteger)(value);
    }
    __name(isCWE, "isCWE");
    var CweRepository = class extends sortable_1.SortableNumbers {
      static {
        __name(this, "CweRepository");
      }
    };
    exports.CweRepository = CweRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/advisory.js
var require_advisory = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/advisory.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.AdvisoryRepository = exports.Advisory = void 0;
    var sortable_1 = require_sortable();
    var Advisory = class {
      static {
        __name(this, "Advisory");
      }
      title;
      url;
      constructor(url, op = {}) {
        this.url = url;
        this.title = op.title;
      }
      compare(other) {
        return this.url.toString().localeCompare(other.url.toString()) || (this.title ?? "").localeCompare(other.title ?? "");
      }
    };
    exports.Advisory = Advisory;
    var AdvisoryRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "AdvisoryRepository");
      }
    };
    exports.AdvisoryRepository = AdvisoryRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/affect.js
var require_affect = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/affect.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.AffectedVersionRepository = exports.AffectedVersionRange = exports.AffectedSingleVersion = exports.AffectRepository = exports.Affect = void 0;
    var sortable_1 = require_sortable();
    var Affect = class {
      static {
        __name(this, "Affect");
      }
      ref;
      versions;
      constructor(ref, op = {}) {
        this.ref = ref;
        this.versions = op.versions ?? new AffectedVersionRepository();
      }
      compare(other) {
        return this.ref.compare(other.ref) || this.versions.compare(other.versions);
      }
    };
    exports.Affect = Affect;
    var AffectRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "AffectRepository");
      }
    };
    exports.AffectRepository = AffectRepository;
    var AffectedSingleVersion = class {
      static {
        __name(this, "AffectedSingleVersion");
      }
      version;
      status;
      constructor(version, op = {}) {
        this.version = version;
        this.status = op.status;
      }
      compare(other) {
        return this.version.localeCompare(other.version) || (this.status ?? "").localeCompare(other.status ?? "");
      }
    };
    exports.AffectedSingleVersion = AffectedSingleVersion;
    var AffectedVersionRange = class {
      static {
        __name(this, "AffectedVersionRange");
      }
      range;
      status;
      constructor(range, op = {}) {
        this.range = range;
        this.status = op.status;
      }
      compare(other) {
        return this.range.localeCompare(other.range) || (this.status ?? "").localeCompare(other.status ?? "");
      }
    };
    exports.AffectedVersionRange = AffectedVersionRange;
    var AffectedVersionRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "AffectedVersionRepository");
      }
    };
    exports.AffectedVersionRepository = AffectedVersionRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/rating.js
var require_rating = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/rating.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.RatingRepository = exports.Rating = void 0;
    var sortable_1 = require_sortable();
    var Rating = class {
      static {
        __name(this, "Rating");
      }
      source;
      score;
      severity;
      method;
      vector;
      justification;
      constructor(op = {}) {
        this.source = op.source;
        this.score = op.score;
        this.severity = op.severity;
        this.method = op.method;
        this.vector = op.vector;
        this.justification = op.justification;
      }
      compare(other) {
        return (this.score ?? 0) - (other.score ?? 0) || (this.vector ?? "").localeCompare(other.vector ?? "") || (this.justification ?? "").localeCompare(other.justification ?? "") || (this.severity ?? "").localeCompare(other.severity ?? "") || (this.method ?? "").localeCompare(other.method ?? "") || (this.source && other.source ? this.source.compare(other.source) : 0);
      }
    };
    exports.Rating = Rating;
    var RatingRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "RatingRepository");
      }
    };
    exports.RatingRepository = RatingRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/reference.js
var require_reference = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/reference.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ReferenceRepository = exports.Reference = void 0;
    var sortable_1 = require_sortable();
    var Reference = class {
      static {
        __name(this, "Reference");
      }
      id;
      source;
      constructor(id, source) {
        this.id = id;
        this.source = source;
      }
      compare(other) {
        return this.id.localeCompare(other.id) || this.source.compare(other.source);
      }
    };
    exports.Reference = Reference;
    var ReferenceRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "ReferenceRepository");
      }
    };
    exports.ReferenceRepository = ReferenceRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/vulnerability.js
var require_vulnerability2 = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/vulnerability.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.VulnerabilityRepository = exports.Vulnerability = void 0;
    var sortable_1 = require_sortable();
    var cwe_1 = require_cwe();
    var bomRef_1 = require_bomRef();
    var property_1 = require_property();
    var tool_1 = require_tool();
    var advisory_1 = require_advisory();
    var affect_1 = require_affect();
    var rating_1 = require_rating();
    var reference_1 = require_reference();
    var Vulnerability = class {
      static {
        __name(this, "Vulnerability");
      }
      #bomRef;
      id;
      source;
      references;
      ratings;
      cwes;
      description;
      detail;
      recommendation;
      advisories;
      created;
      published;
      updated;
      credits;
      tools;
      analysis;
      affects;
      properties;
      constructor(op = {}) {
        this.#bomRef = new bomRef_1.BomRef(op.bomRef);
        this.id = op.id;
        this.source = op.source;
        this.references = op.references ?? new reference_1.ReferenceRepository();
        this.ratings = op.ratings ?? new rating_1.RatingRepository();
        this.cwes = op.cwes ?? new cwe_1.CweRepository();
        this.description = op.description;
        this.detail = op.detail;
        this.recommendation = op.recommendation;
        this.advisories = op.advisories ?? new advisory_1.AdvisoryRepository();
        this.created = op.created;
        this.published = op.published;
        this.updated = op.updated;
        this.credits = op.credits;
        this.tools = op.tools ?? new tool_1.Tools();
        this.analysis = op.analysis;
        this.affects = op.affects ?? new affect_1.AffectRepository();
        this.properties = op.properties ?? new property_1.PropertyRepository();
      }
      get bomRef() {
        return this.#bomRef;
      }
      compare(other) {
        const bomRefCompare = this.bomRef.compare(other.bomRef);
        if (bomRefCompare !== 0) {
          return bomRefCompare;
        }
        return (this.id ?? "").localeCompare(other.id ?? "") || (this.created?.getTime() ?? 0) - (other.created?.getTime() ?? 0) || (this.published?.getTime() ?? 0) - (other.published?.getTime() ?? 0) || (this.updated?.getTime() ?? 0) - (other.updated?.getTime() ?? 0) || this.ratings.compare(other.ratings) || this.cwes.compare(other.cwes) || (this.description ?? "").localeCompare(other.description ?? "") || (this.detail ?? "").localeCompare(other.detail ?? "") || (this.recommendation ?? "").localeCompare(other.recommendation ?? "") || (this.source && other.source ? this.source.compare(other.source) : 0) || this.properties.compare(other.properties);
      }
    };
    exports.Vulnerability = Vulnerability;
    var VulnerabilityRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "VulnerabilityRepository");
      }
    };
    exports.VulnerabilityRepository = VulnerabilityRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/bom.js
var require_bom = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/bom.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Bom = void 0;
    var integer_1 = require_integer();
    var component_1 = require_component();
    var metadata_1 = require_metadata();
    var service_1 = require_service();
    var vulnerability_1 = require_vulnerability2();
    var Bom2 = class {
      static {
        __name(this, "Bom");
      }
      metadata;
      components;
      services;
      vulnerabilities;
      #version = 1;
      #serialNumber;
      constructor(op = {}) {
        this.metadata = op.metadata ?? new metadata_1.Metadata();
        this.components = op.components ?? new component_1.ComponentRepository();
        this.services = op.services ?? new service_1.ServiceRepository();
        this.version = op.version ?? this.version;
        this.vulnerabilities = op.vulnerabilities ?? new vulnerability_1.VulnerabilityRepository();
        this.serialNumber = op.serialNumber;
      }
      get version() {
        return this.#version;
      }
      set version(value) {
        if (!(0, integer_1.isPositiveInteger)(value)) {
          throw new TypeError("Not PositiveInteger");
        }
        this.#version = value;
      }
      get serialNumber() {
        return this.#serialNumber;
      }
      set serialNumber(value) {
        this.#serialNumber = value === "" ? void 0 : value;
      }
    };
    exports.Bom = Bom2;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/bomLink.js
var require_bomLink = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/bomLink.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BomLinkElement = exports.BomLinkDocument = void 0;
    var BomLinkBase = class {
      static {
        __name(this, "BomLinkBase");
      }
      #value;
      constructor(value) {
        this.value = value;
      }
      get value() {
        return this.#value;
      }
      set value(value) {
        if (!this._isValid(value)) {
          throw new RangeError("invalid value");
        }
        this.#value = value;
      }
      compare(other) {
        return this.toString().localeCompare(other.toString());
      }
      toString() {
        return this.value;
      }
    };
    var BomLinkDocument = class _BomLinkDocument extends BomLinkBase {
      static {
        __name(this, "BomLinkDocument");
      }
      static #pattern = /^urn:cdx:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[1-9][0-9]*$/;
      static isValid(value) {
        return typeof value === "string" && this.#pattern.test(value);
      }
      _isValid(value) {
        return _BomLinkDocument.isValid(value);
      }
    };
    exports.BomLinkDocument = BomLinkDocument;
    var BomLinkElement = class _BomLinkElement extends BomLinkBase {
      static {
        __name(this, "BomLinkElement");
      }
      static #pattern = /^urn:cdx:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[1-9][0-9]*#.+$/;
      static isValid(value) {
        return typeof value === "string" && this.#pattern.test(value);
      }
      _isValid(value) {
        return _BomLinkElement.isValid(value);
      }
    };
    exports.BomLinkElement = BomLinkElement;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/organizationalEntity.js
var require_organizationalEntity = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/organizationalEntity.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.OrganizationalEntityRepository = exports.OrganizationalEntity = void 0;
    var sortable_1 = require_sortable();
    var organizationalContact_1 = require_organizationalContact();
    var OrganizationalEntity = class {
      static {
        __name(this, "OrganizationalEntity");
      }
      name;
      url;
      contact;
      constructor(op = {}) {
        this.name = op.name;
        this.url = op.url ?? /* @__PURE__ */ new Set();
        this.contact = op.contact ?? new organizationalContact_1.OrganizationalContactRepository();
      }
      compare(other) {
        return (this.name ?? "").localeCompare(other.name ?? "") || this.contact.compare(other.contact) || new sortable_1.SortableStringables(this.url).compare(new sortable_1.SortableStringables(other.url));
      }
    };
    exports.OrganizationalEntity = OrganizationalEntity;
    var OrganizationalEntityRepository = class extends sortable_1.SortableComparables {
      static {
        __name(this, "OrganizationalEntityRepository");
      }
    };
    exports.OrganizationalEntityRepository = OrganizationalEntityRepository;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/swid.js
var require_swid = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/swid.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.SWID = void 0;
    var integer_1 = require_integer();
    var SWID = class {
      static {
        __name(this, "SWID");
      }
      tagId;
      name;
      version;
      patch;
      text;
      url;
      #tagVersion;
      constructor(tagId, name, op = {}) {
        this.tagId = tagId;
        this.name = name;
        this.version = op.version;
        this.patch = op.patch;
        this.text = op.text;
        this.url = op.url;
        this.tagVersion = op.tagVersion;
      }
      get tagVersion() {
        return this.#tagVersion;
      }
      set tagVersion(value) {
        if (value !== void 0 && !(0, integer_1.isNonNegativeInteger)(value)) {
          throw new TypeError("Not NonNegativeInteger nor undefined");
        }
        this.#tagVersion = value;
      }
    };
    exports.SWID = SWID;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/analysis.js
var require_analysis = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/analysis.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Analysis = void 0;
    var analysisResponse_1 = require_analysisResponse();
    var Analysis = class {
      static {
        __name(this, "Analysis");
      }
      state;
      justification;
      response;
      detail;
      constructor(op = {}) {
        this.state = op.state;
        this.justification = op.justification;
        this.response = op.response ?? new analysisResponse_1.AnalysisResponseRepository();
        this.detail = op.detail;
      }
    };
    exports.Analysis = Analysis;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/credits.js
var require_credits = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/credits.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Credits = void 0;
    var organizationalContact_1 = require_organizationalContact();
    var organizationalEntity_1 = require_organizationalEntity();
    var Credits = class {
      static {
        __name(this, "Credits");
      }
      organizations;
      individuals;
      constructor(op = {}) {
        this.organizations = op.organizations ?? new organizationalEntity_1.OrganizationalEntityRepository();
        this.individuals = op.individuals ?? new organizationalContact_1.OrganizationalContactRepository();
      }
    };
    exports.Credits = Credits;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/source.js
var require_source = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/source.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Source = void 0;
    var Source = class {
      static {
        __name(this, "Source");
      }
      name;
      url;
      constructor(op = {}) {
        this.name = op.name;
        this.url = op.url;
      }
      compare(other) {
        return (this.url?.toString() ?? "").localeCompare(other.url?.toString() ?? "") || (this.name ?? "").localeCompare(other.name ?? "");
      }
    };
    exports.Source = Source;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/index.js
var require_vulnerability3 = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/vulnerability/index.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: /* @__PURE__ */ __name(function() {
          return m[k];
        }, "get") };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    __exportStar(require_advisory(), exports);
    __exportStar(require_affect(), exports);
    __exportStar(require_analysis(), exports);
    __exportStar(require_credits(), exports);
    __exportStar(require_rating(), exports);
    __exportStar(require_reference(), exports);
    __exportStar(require_source(), exports);
    __exportStar(require_vulnerability2(), exports);
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/models/index.js
var require_models = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/models/index.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: /* @__PURE__ */ __name(function() {
          return m[k];
        }, "get") };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports && exports.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    var __importStar = exports && exports.__importStar || /* @__PURE__ */ (function() {
      var ownKeys = /* @__PURE__ */ __name(function(o) {
        ownKeys = Object.getOwnPropertyNames || function(o2) {
          var ar = [];
          for (var k in o2) if (Object.prototype.hasOwnProperty.call(o2, k)) ar[ar.length] = k;
          return ar;
        };
        return ownKeys(o);
      }, "ownKeys");
      return function(mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) {
          for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        }
        __setModuleDefault(result, mod);
        return result;
      };
    })();
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Vulnerability = void 0;
    __exportStar(require_attachment(), exports);
    __exportStar(require_bom(), exports);
    __exportStar(require_bomLink(), exports);
    __exportStar(require_bomRef(), exports);
    __exportStar(require_component(), exports);
    __exportStar(require_copyright(), exports);
    __exportStar(require_externalReference(), exports);
    __exportStar(require_hash(), exports);
    __exportStar(require_license(), exports);
    __exportStar(require_lifecycle(), exports);
    __exportStar(require_metadata(), exports);
    __exportStar(require_organizationalContact(), exports);
    __exportStar(require_organizationalEntity(), exports);
    __exportStar(require_property(), exports);
    __exportStar(require_service(), exports);
    __exportStar(require_swid(), exports);
    __exportStar(require_tool(), exports);
    exports.Vulnerability = __importStar(require_vulnerability3());
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/bomRefDiscriminator.js
var require_bomRefDiscriminator = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/bomRefDiscriminator.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BomRefDiscriminator = void 0;
    var BomRefDiscriminator = class {
      static {
        __name(this, "BomRefDiscriminator");
      }
      #originalValues;
      #prefix;
      constructor(bomRefs, prefix = "BomRef") {
        this.#originalValues = Array.from(bomRefs, (r) => [r, r.value]);
        this.#prefix = prefix;
      }
      get prefix() {
        return this.#prefix;
      }
      *[Symbol.iterator]() {
        for (const [bomRef] of this.#originalValues) {
          yield bomRef;
        }
      }
      discriminate() {
        const knownRefValues = /* @__PURE__ */ new Set([""]);
        for (const [bomRef] of this.#originalValues) {
          let value = bomRef.value;
          if (value === void 0 || knownRefValues.has(value)) {
            value = this.#makeUniqueId();
            bomRef.value = value;
          }
          knownRefValues.add(value);
        }
      }
      reset() {
        for (const [bomRef, originalValue] of this.#originalValues) {
          bomRef.value = originalValue;
        }
      }
      #makeUniqueId() {
        return `${this.#prefix}${Math.random().toString(32).substring(1)}${Math.random().toString(32).substring(1)}`;
      }
    };
    exports.BomRefDiscriminator = BomRefDiscriminator;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/_optPlug.node/errors.js
var require_errors = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/_optPlug.node/errors.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.OptPlugError = void 0;
    var OptPlugError = class extends Error {
      static {
        __name(this, "OptPlugError");
      }
      cause;
      constructor(message, cause) {
        super(message);
        this.cause = cause;
      }
    };
    exports.OptPlugError = OptPlugError;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/errors.js
var require_errors2 = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/errors.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.MissingOptionalDependencyError = void 0;
    var errors_1 = require_errors();
    var MissingOptionalDependencyError = class extends errors_1.OptPlugError {
      static {
        __name(this, "MissingOptionalDependencyError");
      }
    };
    exports.MissingOptionalDependencyError = MissingOptionalDependencyError;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/types.js
var require_types = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/types.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/baseSerializer.js
var require_baseSerializer = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/baseSerializer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BaseSerializer = void 0;
    var tree_1 = require_tree();
    var bomRefDiscriminator_1 = require_bomRefDiscriminator();
    var BaseSerializer = class {
      static {
        __name(this, "BaseSerializer");
      }
      *#getAllBomRefs(bom) {
        if (bom.metadata.component !== void 0) {
          yield bom.metadata.component.bomRef;
          for (const { bomRef } of bom.metadata.component.components[tree_1.treeIteratorSymbol]()) {
            yield bomRef;
          }
        }
        for (const { bomRef } of bom.components[tree_1.treeIteratorSymbol]()) {
          yield bomRef;
        }
        for (const { bomRef } of bom.services[tree_1.treeIteratorSymbol]()) {
          yield bomRef;
        }
        for (const { bomRef } of bom.vulnerabilities) {
          yield bomRef;
        }
      }
      #normalize(bom, options) {
        const bomRefDiscriminator = new bomRefDiscriminator_1.BomRefDiscriminator(this.#getAllBomRefs(bom));
        bomRefDiscriminator.discriminate();
        try {
          return this._normalize(bom, options);
        } finally {
          bomRefDiscriminator.reset();
        }
      }
      serialize(bom, options) {
        return this._serialize(this.#normalize(bom, options), options);
      }
    };
    exports.BaseSerializer = BaseSerializer;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/_helpers/iterable.js
var require_iterable = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/_helpers/iterable.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.chainI = chainI;
    function* chainI(...iterables) {
      for (const iterable of iterables) {
        yield* iterable;
      }
    }
    __name(chainI, "chainI");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/_helpers/notUndefined.js
var require_notUndefined = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/_helpers/notUndefined.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.isNotUndefined = isNotUndefined;
    function isNotUndefined(value) {
      return value !== void 0;
    }
    __name(isNotUndefined, "isNotUndefined");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/_helpers/uri.js
var require_uri = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/_helpers/uri.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.escapeUri = escapeUri;
    var _ESCAPES = [
      [/ /g, "%20"],
      [/"/g, "%22"],
      [/'/g, "%27"],
      [/\[/g, "%5B"],
      [/]/g, "%5D"],
      [/</g, "%3C"],
      [/>/g, "%3E"],
      [/\{/g, "%7B"],
      [/}/g, "%7D"]
    ];
    function escapeUri(value) {
      if (value === void 0) {
        return value;
      }
      for (const [s, r] of _ESCAPES) {
        value = value.replace(s, r);
      }
      return value;
    }
    __name(escapeUri, "escapeUri");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/enums.js
var require_enums2 = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/enums.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Format = exports.Version = void 0;
    var Version;
    (function(Version2) {
      Version2["v1dot7"] = "1.7";
      Version2["v1dot6"] = "1.6";
      Version2["v1dot5"] = "1.5";
      Version2["v1dot4"] = "1.4";
      Version2["v1dot3"] = "1.3";
      Version2["v1dot2"] = "1.2";
      Version2["v1dot1"] = "1.1";
      Version2["v1dot0"] = "1.0";
    })(Version || (exports.Version = Version = {}));
    var Format;
    (function(Format2) {
      Format2["XML"] = "xml";
      Format2["JSON"] = "json";
    })(Format || (exports.Format = Format = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/json/types.js
var require_types2 = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/json/types.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.JsonSchema = void 0;
    var JsonSchema;
    (function(JsonSchema2) {
      function isIriReference(value) {
        return typeof value === "string" && value.length > 0;
      }
      __name(isIriReference, "isIriReference");
      JsonSchema2.isIriReference = isIriReference;
      function isIdnEmail(value) {
        return typeof value === "string" && value.length > 0;
      }
      __name(isIdnEmail, "isIdnEmail");
      JsonSchema2.isIdnEmail = isIdnEmail;
    })(JsonSchema || (exports.JsonSchema = JsonSchema = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/json/normalize.js
var require_normalize2 = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/json/normalize.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.VulnerabilityAnalysisNormalizer = exports.VulnerabilityAffectedVersionNormalizer = exports.VulnerabilityAffectNormalizer = exports.VulnerabilityCreditsNormalizer = exports.VulnerabilityAdvisoryNormalizer = exports.VulnerabilityRatingNormalizer = exports.VulnerabilityReferenceNormalizer = exports.VulnerabilitySourceNormalizer = exports.VulnerabilityNormalizer = exports.DependencyGraphNormalizer = exports.PropertyNormalizer = exports.AttachmentNormalizer = exports.ExternalReferenceNormalizer = exports.SWIDNormalizer = exports.LicenseNormalizer = exports.ComponentEvidenceNormalizer = exports.ServiceNormalizer = exports.ComponentNormalizer = exports.OrganizationalEntityNormalizer = exports.OrganizationalContactNormalizer = exports.HashNormalizer = exports.ToolsNormalizer = exports.ToolNormalizer = exports.LifecycleNormalizer = exports.MetadataNormalizer = exports.BomNormalizer = exports.Factory = void 0;
    var iterable_1 = require_iterable();
    var notUndefined_1 = require_notUndefined();
    var tree_1 = require_tree();
    var uri_1 = require_uri();
    var license_1 = require_license();
    var lifecycle_1 = require_lifecycle();
    var tool_1 = require_tool();
    var affect_1 = require_affect();
    var spdx_1 = require_spdx();
    var enums_1 = require_enums2();
    var types_1 = require_types2();
    var Factory = class {
      static {
        __name(this, "Factory");
      }
      #spec;
      constructor(spec) {
        this.#spec = spec;
      }
      get spec() {
        return this.#spec;
      }
      makeForBom() {
        return new BomNormalizer(this);
      }
      makeForMetadata() {
        return new MetadataNormalizer(this);
      }
      makeForComponent() {
        return new ComponentNormalizer(this);
      }
      makeForService() {
        return new ServiceNormalizer(this);
      }
      makeForComponentEvidence() {
        return new ComponentEvidenceNormalizer(this);
      }
      makeForLifecycle() {
        return new LifecycleNormalizer(this);
      }
      makeForTool() {
        return new ToolNormalizer(this);
      }
      makeForTools() {
        return new ToolsNormalizer(this);
      }
      makeForOrganizationalContact() {
        return new OrganizationalContactNormalizer(this);
      }
      makeForOrganizationalEntity() {
        return new OrganizationalEntityNormalizer(this);
      }
      makeForHash() {
        return new HashNormalizer(this);
      }
      makeForLicense() {
        return new LicenseNormalizer(this);
      }
      makeForSWID() {
        return new SWIDNormalizer(this);
      }
      makeForExternalReference() {
        return new ExternalReferenceNormalizer(this);
      }
      makeForAttachment() {
        return new AttachmentNormalizer(this);
      }
      makeForProperty() {
        return new PropertyNormalizer(this);
      }
      makeForDependencyGraph() {
        return new DependencyGraphNormalizer(this);
      }
      makeForVulnerability() {
        return new VulnerabilityNormalizer(this);
      }
      makeForVulnerabilitySource() {
        return new VulnerabilitySourceNormalizer(this);
      }
      makeForVulnerabilityReference() {
        return new VulnerabilityReferenceNormalizer(this);
      }
      makeForVulnerabilityRating() {
        return new VulnerabilityRatingNormalizer(this);
      }
      makeForVulnerabilityAdvisory() {
        return new VulnerabilityAdvisoryNormalizer(this);
      }
      makeForVulnerabilityCredits() {
        return new VulnerabilityCreditsNormalizer(this);
      }
      makeForVulnerabilityAffect() {
        return new VulnerabilityAffectNormalizer(this);
      }
      makeForVulnerabilityAffectedVersion() {
        return new VulnerabilityAffectedVersionNormalizer(this);
      }
      makeForVulnerabilityAnalysis() {
        return new VulnerabilityAnalysisNormalizer(this);
      }
    };
    exports.Factory = Factory;
    var schemaUrl = /* @__PURE__ */ new Map([
      [enums_1.Version.v1dot7, "http://cyclonedx.org/schema/bom-1.7.schema.json"],
      [enums_1.Version.v1dot6, "http://cyclonedx.org/schema/bom-1.6.schema.json"],
      [enums_1.Version.v1dot5, "http://cyclonedx.org/schema/bom-1.5.schema.json"],
      [enums_1.Version.v1dot4, "http://cyclonedx.org/schema/bom-1.4.schema.json"],
      [enums_1.Version.v1dot3, "http://cyclonedx.org/schema/bom-1.3a.schema.json"],
      [enums_1.Version.v1dot2, "http://cyclonedx.org/schema/bom-1.2b.schema.json"]
    ]);
    var BaseJsonNormalizer = class {
      static {
        __name(this, "BaseJsonNormalizer");
      }
      _factory;
      constructor(factory) {
        this._factory = factory;
      }
      get factory() {
        return this._factory;
      }
    };
    var BomNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "BomNormalizer");
      }
      normalize(data, options) {
        return {
          $schema: schemaUrl.get(this._factory.spec.version),
          bomFormat: "CycloneDX",
          specVersion: this._factory.spec.version,
          version: data.version,
          serialNumber: this.#isEligibleSerialNumber(data.serialNumber) ? data.serialNumber : void 0,
          metadata: this._factory.makeForMetadata().normalize(data.metadata, options),
          components: data.components.size > 0 ? this._factory.makeForComponent().normalizeIterable(data.components, options) : [],
          services: this._factory.spec.supportsServices && data.services.size > 0 ? this._factory.makeForService().normalizeIterable(data.services, options) : void 0,
          dependencies: this._factory.spec.supportsDependencyGraph ? this._factory.makeForDependencyGraph().normalize(data, options) : void 0,
          vulnerabilities: this._factory.spec.supportsVulnerabilities && data.vulnerabilities.size > 0 ? this._factory.makeForVulnerability().normalizeIterable(data.vulnerabilities, options) : void 0
        };
      }
      #isEligibleSerialNumber(v) {
        return v !== void 0 && /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
      }
    };
    exports.BomNormalizer = BomNormalizer;
    var MetadataNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "MetadataNormalizer");
      }
      normalize(data, options) {
        const orgEntityNormalizer = this._factory.makeForOrganizationalEntity();
        return {
          timestamp: data.timestamp?.toISOString(),
          lifecycles: this._factory.spec.supportsMetadataLifecycles && data.lifecycles.size > 0 ? this._factory.makeForLifecycle().normalizeIterable(data.lifecycles, options) : void 0,
          tools: data.tools.size > 0 ? this._factory.makeForTools().normalize(data.tools, options) : void 0,
          authors: data.authors.size > 0 ? this._factory.makeForOrganizationalContact().normalizeIterable(data.authors, options) : void 0,
          component: data.component === void 0 ? void 0 : this._factory.makeForComponent().normalize(data.component, options),
          manufacture: data.manufacture === void 0 ? void 0 : orgEntityNormalizer.normalize(data.manufacture, options),
          supplier: data.supplier === void 0 ? void 0 : orgEntityNormalizer.normalize(data.supplier, options),
          licenses: this._factory.spec.supportsMetadataLicenses && data.licenses.size > 0 ? this._factory.makeForLicense().normalizeIterable(data.licenses, options) : void 0,
          properties: this._factory.spec.supportsMetadataProperties && data.properties.size > 0 ? this._factory.makeForProperty().normalizeIterable(data.properties, options) : void 0
        };
      }
    };
    exports.MetadataNormalizer = MetadataNormalizer;
    var LifecycleNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "LifecycleNormalizer");
      }
      normalize(data, options) {
        return data instanceof lifecycle_1.NamedLifecycle ? { name: data.name, description: data.description } : { phase: data };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((lc) => this.normalize(lc, options));
      }
    };
    exports.LifecycleNormalizer = LifecycleNormalizer;
    var ToolNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "ToolNormalizer");
      }
      normalize(data, options) {
        return {
          vendor: data.vendor || void 0,
          name: data.name || void 0,
          version: data.version || void 0,
          hashes: data.hashes.size > 0 ? this._factory.makeForHash().normalizeIterable(data.hashes, options) : void 0,
          externalReferences: this._factory.spec.supportsToolReferences && data.externalReferences.size > 0 ? this._factory.makeForExternalReference().normalizeIterable(data.externalReferences, options) : void 0
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((t) => this.normalize(t, options));
      }
    };
    exports.ToolNormalizer = ToolNormalizer;
    var ToolsNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "ToolsNormalizer");
      }
      normalize(data, options) {
        if (data.tools.size > 0 || !this._factory.spec.supportsToolsComponentsServices) {
          return this._factory.makeForTool().normalizeIterable(new tool_1.ToolRepository((0, iterable_1.chainI)(Array.from(data.components, tool_1.Tool.fromComponent), Array.from(data.services, tool_1.Tool.fromService), data.tools)), options);
        }
        return {
          components: data.components.size > 0 ? this._factory.makeForComponent().normalizeIterable(data.components, options) : void 0,
          services: data.services.size > 0 ? this._factory.makeForService().normalizeIterable(data.services, options) : void 0
        };
      }
    };
    exports.ToolsNormalizer = ToolsNormalizer;
    var HashNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "HashNormalizer");
      }
      normalize([algorithm, content], options) {
        const spec = this._factory.spec;
        return spec.supportsHashAlgorithm(algorithm) && spec.supportsHashValue(content) ? {
          alg: algorithm,
          content
        } : void 0;
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((h) => this.normalize(h, options)).filter(notUndefined_1.isNotUndefined);
      }
    };
    exports.HashNormalizer = HashNormalizer;
    var OrganizationalContactNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "OrganizationalContactNormalizer");
      }
      normalize(data, options) {
        return {
          name: data.name || void 0,
          email: types_1.JsonSchema.isIdnEmail(data.email) ? data.email : void 0,
          phone: data.phone || void 0
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((oc) => this.normalize(oc, options));
      }
    };
    exports.OrganizationalContactNormalizer = OrganizationalContactNormalizer;
    var OrganizationalEntityNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "OrganizationalEntityNormalizer");
      }
      normalize(data, options) {
        const urls = normalizeStringableIter(Array.from(data.url, (s) => (0, uri_1.escapeUri)(s.toString())), options).filter(types_1.JsonSchema.isIriReference);
        return {
          name: data.name || void 0,
          url: urls.length > 0 ? urls : void 0,
          contact: data.contact.size > 0 ? this._factory.makeForOrganizationalContact().normalizeIterable(data.contact, options) : void 0
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((oe) => this.normalize(oe, options));
      }
    };
    exports.OrganizationalEntityNormalizer = OrganizationalEntityNormalizer;
    var ComponentNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "ComponentNormalizer");
      }
      normalize(data, options) {
        const spec = this._factory.spec;
        if (!spec.supportsComponentType(data.type)) {
          return void 0;
        }
        const version = data.version ?? "";
        return {
          type: data.type,
          name: data.name,
          group: data.group || void 0,
          version: version.length > 0 || spec.requiresComponentVersion ? version : void 0,
          "bom-ref": data.bomRef.value || void 0,
          supplier: data.supplier === void 0 ? void 0 : this._factory.makeForOrganizationalEntity().normalize(data.supplier, options),
          author: data.author || void 0,
          publisher: data.publisher || void 0,
          description: data.description || void 0,
          scope: data.scope,
          hashes: data.hashes.size > 0 ? this._factory.makeForHash().normalizeIterable(data.hashes, options) : void 0,
          licenses: data.licenses.size > 0 ? this._factory.makeForLicense().normalizeIterable(data.licenses, options) : void 0,
          copyright: data.copyright?.toString() || void 0,
          cpe: data.cpe || void 0,
          purl: data.purl?.toString(),
          swid: data.swid === void 0 ? void 0 : this._factory.makeForSWID().normalize(data.swid, options),
          externalReferences: data.externalReferences.size > 0 ? this._factory.makeForExternalReference().normalizeIterable(data.externalReferences, options) : void 0,
          properties: spec.supportsProperties(data) && data.properties.size > 0 ? this._factory.makeForProperty().normalizeIterable(data.properties, options) : void 0,
          components: data.components.size > 0 ? this.normalizeIterable(data.components, options) : void 0,
          evidence: spec.supportsComponentEvidence && data.evidence !== void 0 ? this._factory.makeForComponentEvidence().normalize(data.evidence, options) : void 0
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((c) => this.normalize(c, options)).filter(notUndefined_1.isNotUndefined);
      }
    };
    exports.ComponentNormalizer = ComponentNormalizer;
    var ServiceNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "ServiceNormalizer");
      }
      normalize(data, options) {
        const spec = this._factory.spec;
        return {
          "bom-ref": data.bomRef.value || void 0,
          provider: data.provider ? this._factory.makeForOrganizationalEntity().normalize(data.provider, options) : void 0,
          group: data.group,
          name: data.name,
          version: data.version || void 0,
          description: data.description || void 0,
          licenses: data.licenses.size > 0 ? this._factory.makeForLicense().normalizeIterable(data.licenses, options) : void 0,
          externalReferences: data.externalReferences.size > 0 ? this._factory.makeForExternalReference().normalizeIterable(data.externalReferences, options) : void 0,
          services: data.services.size > 0 ? this._factory.makeForService().normalizeIterable(data.services, options) : void 0,
          properties: spec.supportsProperties(data) && data.properties.size > 0 ? this._factory.makeForProperty().normalizeIterable(data.properties, options) : void 0
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((s) => this.normalize(s, options));
      }
    };
    exports.ServiceNormalizer = ServiceNormalizer;
    var ComponentEvidenceNormalizer = class _ComponentEvidenceNormalizer extends BaseJsonNormalizer {
      static {
        __name(this, "ComponentEvidenceNormalizer");
      }
      normalize(data, options) {
        return {
          licenses: data.licenses.size > 0 ? this._factory.makeForLicense().normalizeIterable(data.licenses, options) : void 0,
          copyright: data.copyright.size > 0 ? options.sortLists ? data.copyright.sorted().map(_ComponentEvidenceNormalizer.#normalizeCopyright) : Array.from(data.copyright, _ComponentEvidenceNormalizer.#normalizeCopyright) : void 0
        };
      }
      static #normalizeCopyright(c) {
        return { text: c.toString() };
      }
    };
    exports.ComponentEvidenceNormalizer = ComponentEvidenceNormalizer;
    var LicenseNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "LicenseNormalizer");
      }
      normalize(data, options) {
        switch (true) {
          case data instanceof license_1.NamedLicense:
            return this.#normalizeNamedLicense(data, options);
          case data instanceof license_1.SpdxLicense:
            return (0, spdx_1.isSupportedSpdxId)(data.id) ? this.#normalizeSpdxLicense(data, options) : this.#normalizeNamedLicense(new license_1.NamedLicense(data.id, { url: data.url }), options);
          case data instanceof license_1.LicenseExpression:
            return this.#normalizeLicenseExpression(data);
          default:
            throw new TypeError("Unexpected LicenseChoice");
        }
      }
      #normalizeNamedLicense(data, options) {
        const spec = this._factory.spec;
        const url = (0, uri_1.escapeUri)(data.url?.toString());
        return {
          license: {
            name: data.name,
            acknowledgement: spec.supportsLicenseAcknowledgement ? data.acknowledgement : void 0,
            text: data.text === void 0 ? void 0 : this._factory.makeForAttachment().normalize(data.text, options),
            url: types_1.JsonSchema.isIriReference(url) ? url : void 0,
            properties: spec.supportsProperties(data) && data.properties.size > 0 ? this._factory.makeForProperty().normalizeIterable(data.properties, options) : void 0
          }
        };
      }
      #normalizeSpdxLicense(data, options) {
        const spec = this._factory.spec;
        const url = (0, uri_1.escapeUri)(data.url?.toString());
        return {
          license: {
            id: data.id,
            acknowledgement: spec.supportsLicenseAcknowledgement ? data.acknowledgement : void 0,
            text: data.text === void 0 ? void 0 : this._factory.makeForAttachment().normalize(data.text, options),
            url: types_1.JsonSchema.isIriReference(url) ? url : void 0,
            properties: spec.supportsProperties(data) && data.properties.size > 0 ? this._factory.makeForProperty().normalizeIterable(data.properties, options) : void 0
          }
        };
      }
      #normalizeLicenseExpression(data) {
        return {
          expression: data.expression,
          acknowledgement: this._factory.spec.supportsLicenseAcknowledgement ? data.acknowledgement : void 0
        };
      }
      normalizeIterable(data, options) {
        const licenses2 = options.sortLists ?? false ? data.sorted() : Array.from(data);
        if (licenses2.length > 1) {
          const expressions = licenses2.filter((l) => l instanceof license_1.LicenseExpression);
          if (expressions.length > 0) {
            return [this.#normalizeLicenseExpression(expressions[0])];
          }
        }
        return licenses2.map((l) => this.normalize(l, options));
      }
    };
    exports.LicenseNormalizer = LicenseNormalizer;
    var SWIDNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "SWIDNormalizer");
      }
      normalize(data, options) {
        const url = (0, uri_1.escapeUri)(data.url?.toString());
        return {
          tagId: data.tagId,
          name: data.name,
          version: data.version || void 0,
          tagVersion: data.tagVersion,
          patch: data.patch,
          text: data.text === void 0 ? void 0 : this._factory.makeForAttachment().normalize(data.text, options),
          url: types_1.JsonSchema.isIriReference(url) ? url : void 0
        };
      }
    };
    exports.SWIDNormalizer = SWIDNormalizer;
    var ExternalReferenceNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "ExternalReferenceNormalizer");
      }
      normalize(data, options) {
        return this._factory.spec.supportsExternalReferenceType(data.type) ? {
          url: (0, uri_1.escapeUri)(data.url.toString()),
          type: data.type,
          hashes: this._factory.spec.supportsExternalReferenceHashes && data.hashes.size > 0 ? this._factory.makeForHash().normalizeIterable(data.hashes, options) : void 0,
          comment: data.comment || void 0
        } : void 0;
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((r) => this.normalize(r, options)).filter(notUndefined_1.isNotUndefined);
      }
    };
    exports.ExternalReferenceNormalizer = ExternalReferenceNormalizer;
    var AttachmentNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "AttachmentNormalizer");
      }
      normalize(data, options) {
        return {
          content: data.content.toString(),
          contentType: data.contentType || void 0,
          encoding: data.encoding
        };
      }
    };
    exports.AttachmentNormalizer = AttachmentNormalizer;
    var PropertyNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "PropertyNormalizer");
      }
      normalize(data, options) {
        return {
          name: data.name,
          value: data.value
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((p) => this.normalize(p, options));
      }
    };
    exports.PropertyNormalizer = PropertyNormalizer;
    var DependencyGraphNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "DependencyGraphNormalizer");
      }
      normalize(data, options) {
        const allRefs = /* @__PURE__ */ new Map();
        if (data.metadata.component !== void 0) {
          allRefs.set(data.metadata.component.bomRef, data.metadata.component.dependencies);
          for (const component3 of data.metadata.component.components[tree_1.treeIteratorSymbol]()) {
            allRefs.set(component3.bomRef, component3.dependencies);
          }
        }
        for (const component3 of data.components[tree_1.treeIteratorSymbol]()) {
          allRefs.set(component3.bomRef, component3.dependencies);
        }
        for (const service of data.services[tree_1.treeIteratorSymbol]()) {
          allRefs.set(service.bomRef, service.dependencies);
        }
        const normalized = [];
        for (const [ref, deps] of allRefs) {
          const dep = this.#normalizeDependency(ref, deps, allRefs, options);
          if ((0, notUndefined_1.isNotUndefined)(dep)) {
            normalized.push(dep);
          }
        }
        if (options.sortLists ?? false) {
          normalized.sort(({ ref: a }, { ref: b }) => a.localeCompare(b));
        }
        return normalized;
      }
      #normalizeDependency(ref, deps, allRefs, options) {
        const bomRef = ref.toString();
        if (bomRef.length === 0) {
          return void 0;
        }
        const dependsOn = normalizeStringableIter(Array.from(deps).filter((d) => allRefs.has(d) && d !== ref), options).filter((d) => d.length > 0);
        return {
          ref: bomRef,
          dependsOn: dependsOn.length > 0 ? dependsOn : void 0
        };
      }
    };
    exports.DependencyGraphNormalizer = DependencyGraphNormalizer;
    var VulnerabilityNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "VulnerabilityNormalizer");
      }
      normalize(data, options) {
        return {
          "bom-ref": data.bomRef.value || void 0,
          id: data.id || void 0,
          source: data.source === void 0 ? void 0 : this._factory.makeForVulnerabilitySource().normalize(data.source, options),
          references: data.references.size > 0 ? this._factory.makeForVulnerabilityReference().normalizeIterable(data.references, options) : void 0,
          ratings: data.ratings.size > 0 ? this._factory.makeForVulnerabilityRating().normalizeIterable(data.ratings, options) : void 0,
          cwes: data.cwes.size > 0 ? options.sortLists ?? false ? data.cwes.sorted() : Array.from(data.cwes) : void 0,
          description: data.description,
          detail: data.detail,
          recommendation: data.recommendation,
          advisories: data.advisories.size > 0 ? this._factory.makeForVulnerabilityAdvisory().normalizeIterable(data.advisories, options) : void 0,
          created: data.created?.toISOString(),
          published: data.published?.toISOString(),
          updated: data.updated?.toISOString(),
          credits: data.credits === void 0 ? void 0 : this._factory.makeForVulnerabilityCredits().normalize(data.credits, options),
          tools: data.tools.size > 0 ? this._factory.makeForTools().normalize(data.tools, options) : void 0,
          analysis: data.analysis === void 0 ? void 0 : this._factory.makeForVulnerabilityAnalysis().normalize(data.analysis, options),
          affects: data.affects.size > 0 ? this._factory.makeForVulnerabilityAffect().normalizeIterable(data.affects, options) : void 0,
          properties: data.properties.size > 0 ? this._factory.makeForProperty().normalizeIterable(data.properties, options) : void 0
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((v) => this.normalize(v, options));
      }
    };
    exports.VulnerabilityNormalizer = VulnerabilityNormalizer;
    var VulnerabilitySourceNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "VulnerabilitySourceNormalizer");
      }
      normalize(data, options) {
        return {
          name: data.name,
          url: data.url?.toString()
        };
      }
    };
    exports.VulnerabilitySourceNormalizer = VulnerabilitySourceNormalizer;
    var VulnerabilityReferenceNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "VulnerabilityReferenceNormalizer");
      }
      normalize(data, options) {
        return {
          id: data.id,
          source: this._factory.makeForVulnerabilitySource().normalize(data.source, options)
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((r) => this.normalize(r, options));
      }
    };
    exports.VulnerabilityReferenceNormalizer = VulnerabilityReferenceNormalizer;
    var VulnerabilityRatingNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "VulnerabilityRatingNormalizer");
      }
      normalize(data, options) {
        return {
          source: data.source === void 0 ? void 0 : this._factory.makeForVulnerabilitySource().normalize(data.source, options),
          score: data.score,
          severity: data.severity,
          method: this._factory.spec.supportsVulnerabilityRatingMethod(data.method) ? data.method : void 0,
          vector: data.vector,
          justification: data.justification
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((r) => this.normalize(r, options));
      }
    };
    exports.VulnerabilityRatingNormalizer = VulnerabilityRatingNormalizer;
    var VulnerabilityAdvisoryNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "VulnerabilityAdvisoryNormalizer");
      }
      normalize(data, options) {
        const url = (0, uri_1.escapeUri)(data.url.toString());
        if (!types_1.JsonSchema.isIriReference(url)) {
          return void 0;
        }
        return {
          title: data.title,
          url
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((a) => this.normalize(a, options)).filter(notUndefined_1.isNotUndefined);
      }
    };
    exports.VulnerabilityAdvisoryNormalizer = VulnerabilityAdvisoryNormalizer;
    var VulnerabilityCreditsNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "VulnerabilityCreditsNormalizer");
      }
      normalize(data, options) {
        return {
          organizations: data.organizations.size > 0 ? this._factory.makeForOrganizationalEntity().normalizeIterable(data.organizations, options) : void 0,
          individuals: data.individuals.size > 0 ? this._factory.makeForOrganizationalContact().normalizeIterable(data.individuals, options) : void 0
        };
      }
    };
    exports.VulnerabilityCreditsNormalizer = VulnerabilityCreditsNormalizer;
    var VulnerabilityAffectNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "VulnerabilityAffectNormalizer");
      }
      normalize(data, options) {
        return {
          ref: data.ref.toString(),
          versions: data.versions.size > 0 ? this._factory.makeForVulnerabilityAffectedVersion().normalizeIterable(data.versions, options) : void 0
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((a) => this.normalize(a, options));
      }
    };
    exports.VulnerabilityAffectNormalizer = VulnerabilityAffectNormalizer;
    var VulnerabilityAffectedVersionNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "VulnerabilityAffectedVersionNormalizer");
      }
      normalize(data, options) {
        switch (true) {
          case data instanceof affect_1.AffectedSingleVersion:
            return this.#normalizeAffectedSingleVersion(data);
          case data instanceof affect_1.AffectedVersionRange:
            return this.#normalizeAffectedVersionRange(data);
          default:
            throw new TypeError("Unexpected Vulnerability AffectedVersion");
        }
      }
      #normalizeAffectedSingleVersion(data) {
        return data.version.length < 1 ? void 0 : {
          version: data.version.substring(0, 1024),
          status: data.status
        };
      }
      #normalizeAffectedVersionRange(data) {
        return data.range.length < 1 ? void 0 : {
          range: data.range.substring(0, 1024),
          status: data.status
        };
      }
      normalizeIterable(data, options) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((av) => this.normalize(av, options)).filter(notUndefined_1.isNotUndefined);
      }
    };
    exports.VulnerabilityAffectedVersionNormalizer = VulnerabilityAffectedVersionNormalizer;
    var VulnerabilityAnalysisNormalizer = class extends BaseJsonNormalizer {
      static {
        __name(this, "VulnerabilityAnalysisNormalizer");
      }
      normalize(data, options) {
        return {
          state: data.state,
          justification: data.justification,
          response: data.response.size > 0 ? options.sortLists ?? false ? data.response.sorted() : Array.from(data.response) : void 0,
          detail: data.detail
        };
      }
    };
    exports.VulnerabilityAnalysisNormalizer = VulnerabilityAnalysisNormalizer;
    function normalizeStringableIter(data, options) {
      const r = Array.from(data, (d) => d.toString());
      if (options.sortLists ?? false) {
        r.sort((a, b) => a.localeCompare(b));
      }
      return r;
    }
    __name(normalizeStringableIter, "normalizeStringableIter");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/json/index.js
var require_json = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/json/index.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: /* @__PURE__ */ __name(function() {
          return m[k];
        }, "get") };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports && exports.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __importStar = exports && exports.__importStar || /* @__PURE__ */ (function() {
      var ownKeys = /* @__PURE__ */ __name(function(o) {
        ownKeys = Object.getOwnPropertyNames || function(o2) {
          var ar = [];
          for (var k in o2) if (Object.prototype.hasOwnProperty.call(o2, k)) ar[ar.length] = k;
          return ar;
        };
        return ownKeys(o);
      }, "ownKeys");
      return function(mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) {
          for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        }
        __setModuleDefault(result, mod);
        return result;
      };
    })();
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Types = exports.Normalize = void 0;
    exports.Normalize = __importStar(require_normalize2());
    exports.Types = __importStar(require_types2());
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/errors.js
var require_errors3 = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/errors.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.UnsupportedFormatError = void 0;
    var UnsupportedFormatError = class extends Error {
      static {
        __name(this, "UnsupportedFormatError");
      }
    };
    exports.UnsupportedFormatError = UnsupportedFormatError;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/jsonSerializer.js
var require_jsonSerializer = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/jsonSerializer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.JsonSerializer = void 0;
    var enums_1 = require_enums2();
    var errors_1 = require_errors3();
    var baseSerializer_1 = require_baseSerializer();
    var JsonSerializer2 = class extends baseSerializer_1.BaseSerializer {
      static {
        __name(this, "JsonSerializer");
      }
      #normalizerFactory;
      constructor(normalizerFactory) {
        if (!normalizerFactory.spec.supportsFormat(enums_1.Format.JSON)) {
          throw new errors_1.UnsupportedFormatError("Spec does not support JSON format.");
        }
        super();
        this.#normalizerFactory = normalizerFactory;
      }
      get normalizerFactory() {
        return this.#normalizerFactory;
      }
      _normalize(bom, options = {}) {
        return this.#normalizerFactory.makeForBom().normalize(bom, options);
      }
      _serialize(bom, { space } = {}) {
        return JSON.stringify(bom, null, space);
      }
    };
    exports.JsonSerializer = JsonSerializer2;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xml/_xsd.js
var require_xsd = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xml/_xsd.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.normalizedString = normalizedString;
    exports.token = token;
    var _normalizeStringForbiddenSearch = /\r\n|\t|\n|\r/g;
    var _normalizeStringForbiddenReplace = " ";
    function normalizedString(s) {
      return s.replace(_normalizeStringForbiddenSearch, _normalizeStringForbiddenReplace);
    }
    __name(normalizedString, "normalizedString");
    var _tokenMultispaceSearch = / {2,}/g;
    var _tokenMultispaceReplace = " ";
    function token(s) {
      return normalizedString(s).trim().replace(_tokenMultispaceSearch, _tokenMultispaceReplace);
    }
    __name(token, "token");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xml/types.js
var require_types3 = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xml/types.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.XmlSchema = void 0;
    var XmlSchema;
    (function(XmlSchema2) {
      const _AnyUriSchemePattern = /^[a-z][a-z0-9+\-.]*$/i;
      function isAnyURI(value) {
        if (typeof value !== "string") {
          return false;
        }
        if (value.length === 0) {
          return false;
        }
        const fragmentPos = value.indexOf("#");
        let beforeFragment = value;
        if (fragmentPos >= 0) {
          if (value.includes("#", fragmentPos + 1)) {
            return false;
          }
          beforeFragment = value.slice(void 0, fragmentPos);
        }
        const schemePos = beforeFragment.indexOf(":");
        if (schemePos >= 0) {
          if (!_AnyUriSchemePattern.test(beforeFragment.slice(void 0, schemePos))) {
            return false;
          }
        }
        return true;
      }
      __name(isAnyURI, "isAnyURI");
      XmlSchema2.isAnyURI = isAnyURI;
    })(XmlSchema || (exports.XmlSchema = XmlSchema = {}));
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xml/normalize.js
var require_normalize3 = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xml/normalize.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.VulnerabilityAffectedVersionNormalizer = exports.VulnerabilityAffectNormalizer = exports.VulnerabilityAnalysisNormalizer = exports.VulnerabilityCreditsNormalizer = exports.VulnerabilityAdvisoryNormalizer = exports.VulnerabilityRatingNormalizer = exports.VulnerabilityReferenceNormalizer = exports.VulnerabilitySourceNormalizer = exports.VulnerabilityNormalizer = exports.DependencyGraphNormalizer = exports.PropertyNormalizer = exports.AttachmentNormalizer = exports.ExternalReferenceNormalizer = exports.SWIDNormalizer = exports.LicenseNormalizer = exports.ComponentEvidenceNormalizer = exports.ServiceNormalizer = exports.ComponentNormalizer = exports.OrganizationalEntityNormalizer = exports.OrganizationalContactNormalizer = exports.HashNormalizer = exports.ToolsNormalizer = exports.ToolNormalizer = exports.LifecycleNormalizer = exports.MetadataNormalizer = exports.BomNormalizer = exports.Factory = void 0;
    var iterable_1 = require_iterable();
    var notUndefined_1 = require_notUndefined();
    var tree_1 = require_tree();
    var uri_1 = require_uri();
    var models_1 = require_models();
    var license_1 = require_license();
    var lifecycle_1 = require_lifecycle();
    var affect_1 = require_affect();
    var spdx_1 = require_spdx();
    var enums_1 = require_enums2();
    var _xsd_1 = require_xsd();
    var types_1 = require_types3();
    var Factory = class {
      static {
        __name(this, "Factory");
      }
      #spec;
      constructor(spec) {
        this.#spec = spec;
      }
      get spec() {
        return this.#spec;
      }
      makeForBom() {
        return new BomNormalizer(this);
      }
      makeForMetadata() {
        return new MetadataNormalizer(this);
      }
      makeForLifecycle() {
        return new LifecycleNormalizer(this);
      }
      makeForComponent() {
        return new ComponentNormalizer(this);
      }
      makeForService() {
        return new ServiceNormalizer(this);
      }
      makeForComponentEvidence() {
        return new ComponentEvidenceNormalizer(this);
      }
      makeForTool() {
        return new ToolNormalizer(this);
      }
      makeForTools() {
        return new ToolsNormalizer(this);
      }
      makeForOrganizationalContact() {
        return new OrganizationalContactNormalizer(this);
      }
      makeForOrganizationalEntity() {
        return new OrganizationalEntityNormalizer(this);
      }
      makeForHash() {
        return new HashNormalizer(this);
      }
      makeForLicense() {
        return new LicenseNormalizer(this);
      }
      makeForSWID() {
        return new SWIDNormalizer(this);
      }
      makeForExternalReference() {
        return new ExternalReferenceNormalizer(this);
      }
      makeForAttachment() {
        return new AttachmentNormalizer(this);
      }
      makeForProperty() {
        return new PropertyNormalizer(this);
      }
      makeForDependencyGraph() {
        return new DependencyGraphNormalizer(this);
      }
      makeForVulnerability() {
        return new VulnerabilityNormalizer(this);
      }
      makeForVulnerabilitySource() {
        return new VulnerabilitySourceNormalizer(this);
      }
      makeForVulnerabilityReference() {
        return new VulnerabilityReferenceNormalizer(this);
      }
      makeForVulnerabilityRating() {
        return new VulnerabilityRatingNormalizer(this);
      }
      makeForVulnerabilityAdvisory() {
        return new VulnerabilityAdvisoryNormalizer(this);
      }
      makeForVulnerabilityCredits() {
        return new VulnerabilityCreditsNormalizer(this);
      }
      makeForVulnerabilityAffect() {
        return new VulnerabilityAffectNormalizer(this);
      }
      makeForVulnerabilityAffectedVersion() {
        return new VulnerabilityAffectedVersionNormalizer(this);
      }
      makeForVulnerabilityAnalysis() {
        return new VulnerabilityAnalysisNormalizer(this);
      }
    };
    exports.Factory = Factory;
    var xmlNamespace = /* @__PURE__ */ new Map([
      [enums_1.Version.v1dot7, "http://cyclonedx.org/schema/bom/1.7"],
      [enums_1.Version.v1dot6, "http://cyclonedx.org/schema/bom/1.6"],
      [enums_1.Version.v1dot5, "http://cyclonedx.org/schema/bom/1.5"],
      [enums_1.Version.v1dot4, "http://cyclonedx.org/schema/bom/1.4"],
      [enums_1.Version.v1dot3, "http://cyclonedx.org/schema/bom/1.3"],
      [enums_1.Version.v1dot2, "http://cyclonedx.org/schema/bom/1.2"],
      [enums_1.Version.v1dot1, "http://cyclonedx.org/schema/bom/1.1"],
      [enums_1.Version.v1dot0, "http://cyclonedx.org/schema/bom/1.0"]
    ]);
    var BaseXmlNormalizer = class {
      static {
        __name(this, "BaseXmlNormalizer");
      }
      _factory;
      constructor(factory) {
        this._factory = factory;
      }
      get factory() {
        return this._factory;
      }
    };
    var BomNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "BomNormalizer");
      }
      normalize(data, options) {
        const components = {
          type: "element",
          name: "components",
          children: data.components.size > 0 ? this._factory.makeForComponent().normalizeIterable(data.components, options, "component") : void 0
        };
        const services = this._factory.spec.supportsServices && data.services.size > 0 ? {
          type: "element",
          name: "services",
          children: this._factory.makeForService().normalizeIterable(data.services, options, "service")
        } : void 0;
        const vulnerabilities = this._factory.spec.supportsVulnerabilities && data.vulnerabilities.size > 0 ? {
          type: "element",
          name: "vulnerabilities",
          children: this._factory.makeForVulnerability().normalizeIterable(data.vulnerabilities, options, "vulnerability")
        } : void 0;
        return {
          type: "element",
          name: "bom",
          namespace: xmlNamespace.get(this._factory.spec.version),
          attributes: {
            version: data.version,
            serialNumber: this.#isEligibleSerialNumber(data.serialNumber) ? data.serialNumber : void 0
          },
          children: [
            this._factory.makeForMetadata().normalize(data.metadata, options, "metadata"),
            components,
            services,
            this._factory.spec.supportsDependencyGraph ? this._factory.makeForDependencyGraph().normalize(data, options, "dependencies") : void 0,
            vulnerabilities
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      #isEligibleSerialNumber(v) {
        return v !== void 0 && /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/.test(v);
      }
    };
    exports.BomNormalizer = BomNormalizer;
    var MetadataNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "MetadataNormalizer");
      }
      normalize(data, options, elementName) {
        const orgEntityNormalizer = this._factory.makeForOrganizationalEntity();
        const lifecycles = this._factory.spec.supportsMetadataLifecycles && data.lifecycles.size > 0 ? {
          type: "element",
          name: "lifecycles",
          children: this._factory.makeForLifecycle().normalizeIterable(data.lifecycles, options, "lifecycle")
        } : void 0;
        const tools = data.tools.size > 0 ? this._factory.makeForTools().normalize(data.tools, options, "tools") : void 0;
        const authors = data.authors.size > 0 ? {
          type: "element",
          name: "authors",
          children: this._factory.makeForOrganizationalContact().normalizeIterable(data.authors, options, "author")
        } : void 0;
        const licenses2 = this._factory.spec.supportsMetadataLicenses && data.licenses.size > 0 ? {
          type: "element",
          name: "licenses",
          children: this._factory.makeForLicense().normalizeIterable(data.licenses, options)
        } : void 0;
        const properties2 = this._factory.spec.supportsMetadataProperties && data.properties.size > 0 ? {
          type: "element",
          name: "properties",
          children: this._factory.makeForProperty().normalizeIterable(data.properties, options, "property")
        } : void 0;
        return {
          type: "element",
          name: elementName,
          children: [
            makeOptionalDateTimeElement(data.timestamp, "timestamp"),
            lifecycles,
            tools,
            authors,
            data.component === void 0 ? void 0 : this._factory.makeForComponent().normalize(data.component, options, "component"),
            data.manufacture === void 0 ? void 0 : orgEntityNormalizer.normalize(data.manufacture, options, "manufacture"),
            data.supplier === void 0 ? void 0 : orgEntityNormalizer.normalize(data.supplier, options, "supplier"),
            licenses2,
            properties2
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
    };
    exports.MetadataNormalizer = MetadataNormalizer;
    var LifecycleNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "LifecycleNormalizer");
      }
      normalize(data, options, elementName) {
        return data instanceof lifecycle_1.NamedLifecycle ? {
          type: "element",
          name: elementName,
          children: [
            makeTextElement(data.name, "name", _xsd_1.normalizedString),
            makeOptionalTextElement(data.description, "description")
          ].filter(notUndefined_1.isNotUndefined)
        } : {
          type: "element",
          name: elementName,
          children: [
            makeTextElement(data, "phase")
          ]
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((t) => this.normalize(t, options, elementName));
      }
    };
    exports.LifecycleNormalizer = LifecycleNormalizer;
    var ToolNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "ToolNormalizer");
      }
      normalize(data, options, elementName) {
        const hashes = data.hashes.size > 0 ? {
          type: "element",
          name: "hashes",
          children: this._factory.makeForHash().normalizeIterable(data.hashes, options, "hash")
        } : void 0;
        const externalReferences = this._factory.spec.supportsToolReferences && data.externalReferences.size > 0 ? {
          type: "element",
          name: "externalReferences",
          children: this._factory.makeForExternalReference().normalizeIterable(data.externalReferences, options, "reference")
        } : void 0;
        return {
          type: "element",
          name: elementName,
          children: [
            makeOptionalTextElement(data.vendor, "vendor", _xsd_1.normalizedString),
            makeOptionalTextElement(data.name, "name", _xsd_1.normalizedString),
            makeOptionalTextElement(data.version, "version", _xsd_1.normalizedString),
            hashes,
            externalReferences
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((t) => this.normalize(t, options, elementName));
      }
    };
    exports.ToolNormalizer = ToolNormalizer;
    var ToolsNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "ToolsNormalizer");
      }
      normalize(data, options, elementName) {
        let children = [];
        if (data.tools.size > 0 || !this._factory.spec.supportsToolsComponentsServices) {
          children = this._factory.makeForTool().normalizeIterable(new models_1.ToolRepository((0, iterable_1.chainI)(Array.from(data.components, models_1.Tool.fromComponent), Array.from(data.services, models_1.Tool.fromService), data.tools)), options, "tool");
        } else {
          if (data.components.size > 0) {
            children.push({
              type: "element",
              name: "components",
              children: this._factory.makeForComponent().normalizeIterable(data.components, options, "component")
            });
          }
          if (data.services.size > 0) {
            children.push({
              type: "element",
              name: "services",
              children: this._factory.makeForService().normalizeIterable(data.services, options, "service")
            });
          }
        }
        return {
          type: "element",
          name: elementName,
          children
        };
      }
    };
    exports.ToolsNormalizer = ToolsNormalizer;
    var HashNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "HashNormalizer");
      }
      normalize([algorithm, content], options, elementName) {
        const spec = this._factory.spec;
        return spec.supportsHashAlgorithm(algorithm) && spec.supportsHashValue(content) ? {
          type: "element",
          name: elementName,
          attributes: { alg: algorithm },
          children: (0, _xsd_1.token)(content)
        } : void 0;
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((h) => this.normalize(h, options, elementName)).filter(notUndefined_1.isNotUndefined);
      }
    };
    exports.HashNormalizer = HashNormalizer;
    var OrganizationalContactNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "OrganizationalContactNormalizer");
      }
      normalize(data, options, elementName) {
        return {
          type: "element",
          name: elementName,
          children: [
            makeOptionalTextElement(data.name, "name", _xsd_1.normalizedString),
            makeOptionalTextElement(data.email, "email", _xsd_1.normalizedString),
            makeOptionalTextElement(data.phone, "phone", _xsd_1.normalizedString)
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((oc) => this.normalize(oc, options, elementName));
      }
    };
    exports.OrganizationalContactNormalizer = OrganizationalContactNormalizer;
    var OrganizationalEntityNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "OrganizationalEntityNormalizer");
      }
      normalize(data, options, elementName) {
        return {
          type: "element",
          name: elementName,
          children: [
            makeOptionalTextElement(data.name, "name", _xsd_1.normalizedString),
            ...makeTextElementIter(Array.from(data.url, (s) => (0, uri_1.escapeUri)(s.toString())), options, "url").filter(({ children: u }) => types_1.XmlSchema.isAnyURI(u)),
            ...this._factory.makeForOrganizationalContact().normalizeIterable(data.contact, options, "contact")
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((oe) => this.normalize(oe, options, elementName));
      }
    };
    exports.OrganizationalEntityNormalizer = OrganizationalEntityNormalizer;
    var ComponentNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "ComponentNormalizer");
      }
      normalize(data, options, elementName) {
        const spec = this._factory.spec;
        if (!spec.supportsComponentType(data.type)) {
          return void 0;
        }
        const supplier = data.supplier === void 0 ? void 0 : this._factory.makeForOrganizationalEntity().normalize(data.supplier, options, "supplier");
        const version = (spec.requiresComponentVersion ? makeTextElement : makeOptionalTextElement)(data.version ?? "", "version", _xsd_1.normalizedString);
        const hashes = data.hashes.size > 0 ? {
          type: "element",
          name: "hashes",
          children: this._factory.makeForHash().normalizeIterable(data.hashes, options, "hash")
        } : void 0;
        const licenses2 = data.licenses.size > 0 ? {
          type: "element",
          name: "licenses",
          children: this._factory.makeForLicense().normalizeIterable(data.licenses, options)
        } : void 0;
        const swid = data.swid === void 0 ? void 0 : this._factory.makeForSWID().normalize(data.swid, options, "swid");
        const extRefs = data.externalReferences.size > 0 ? {
          type: "element",
          name: "externalReferences",
          children: this._factory.makeForExternalReference().normalizeIterable(data.externalReferences, options, "reference")
        } : void 0;
        const properties2 = spec.supportsProperties(data) && data.properties.size > 0 ? {
          type: "element",
          name: "properties",
          children: this._factory.makeForProperty().normalizeIterable(data.properties, options, "property")
        } : void 0;
        const components = data.components.size > 0 ? {
          type: "element",
          name: "components",
          children: this.normalizeIterable(data.components, options, "component")
        } : void 0;
        const evidence = spec.supportsComponentEvidence && data.evidence !== void 0 ? this._factory.makeForComponentEvidence().normalize(data.evidence, options, "evidence") : void 0;
        return {
          type: "element",
          name: elementName,
          attributes: {
            type: data.type,
            "bom-ref": data.bomRef.value
          },
          children: [
            supplier,
            makeOptionalTextElement(data.author, "author", _xsd_1.normalizedString),
            makeOptionalTextElement(data.publisher, "publisher", _xsd_1.normalizedString),
            makeOptionalTextElement(data.group, "group", _xsd_1.normalizedString),
            makeTextElement(data.name, "name", _xsd_1.normalizedString),
            version,
            makeOptionalTextElement(data.description, "description", _xsd_1.normalizedString),
            makeOptionalTextElement(data.scope, "scope"),
            hashes,
            licenses2,
            makeOptionalTextElement(data.copyright, "copyright", _xsd_1.normalizedString),
            makeOptionalTextElement(data.cpe, "cpe"),
            makeOptionalTextElement(data.purl, "purl"),
            swid,
            extRefs,
            properties2,
            components,
            evidence
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((c) => this.normalize(c, options, elementName)).filter(notUndefined_1.isNotUndefined);
      }
    };
    exports.ComponentNormalizer = ComponentNormalizer;
    var ServiceNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "ServiceNormalizer");
      }
      normalize(data, options, elementName) {
        const spec = this._factory.spec;
        const provider = data.provider === void 0 ? void 0 : this._factory.makeForOrganizationalEntity().normalize(data.provider, options, "provider");
        const licenses2 = data.licenses.size > 0 ? {
          type: "element",
          name: "licenses",
          children: this._factory.makeForLicense().normalizeIterable(data.licenses, options)
        } : void 0;
        const extRefs = data.externalReferences.size > 0 ? {
          type: "element",
          name: "externalReferences",
          children: this._factory.makeForExternalReference().normalizeIterable(data.externalReferences, options, "reference")
        } : void 0;
        const properties2 = spec.supportsProperties(data) && data.properties.size > 0 ? {
          type: "element",
          name: "properties",
          children: this._factory.makeForProperty().normalizeIterable(data.properties, options, "property")
        } : void 0;
        const services = data.services.size > 0 ? {
          type: "element",
          name: "services",
          children: this.normalizeIterable(data.services, options, "service")
        } : void 0;
        return {
          type: "element",
          name: elementName,
          attributes: {
            "bom-ref": data.bomRef.value
          },
          children: [
            provider,
            makeOptionalTextElement(data.group, "group", _xsd_1.normalizedString),
            makeTextElement(data.name, "name", _xsd_1.normalizedString),
            makeOptionalTextElement(data.version, "version", _xsd_1.normalizedString),
            makeOptionalTextElement(data.description, "description", _xsd_1.normalizedString),
            licenses2,
            extRefs,
            properties2,
            services
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((s) => this.normalize(s, options, elementName));
      }
    };
    exports.ServiceNormalizer = ServiceNormalizer;
    var ComponentEvidenceNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "ComponentEvidenceNormalizer");
      }
      normalize(data, options, elementName) {
        const licenses2 = data.licenses.size > 0 ? {
          type: "element",
          name: "licenses",
          children: this._factory.makeForLicense().normalizeIterable(data.licenses, options)
        } : void 0;
        const copyright = data.copyright.size > 0 ? {
          type: "element",
          name: "copyright",
          children: makeTextElementIter(data.copyright, options, "text")
        } : void 0;
        return {
          type: "element",
          name: elementName,
          children: [
            licenses2,
            copyright
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
    };
    exports.ComponentEvidenceNormalizer = ComponentEvidenceNormalizer;
    var LicenseNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "LicenseNormalizer");
      }
      normalize(data, options) {
        switch (true) {
          case data instanceof license_1.NamedLicense:
            return this.#normalizeNamedLicense(data, options);
          case data instanceof license_1.SpdxLicense:
            return (0, spdx_1.isSupportedSpdxId)(data.id) ? this.#normalizeSpdxLicense(data, options) : this.#normalizeNamedLicense(new license_1.NamedLicense(data.id, { url: data.url }), options);
          case data instanceof license_1.LicenseExpression:
            return this.#normalizeLicenseExpression(data);
          default:
            throw new TypeError("Unexpected LicenseChoice");
        }
      }
      #normalizeNamedLicense(data, options) {
        const spec = this._factory.spec;
        const url = (0, uri_1.escapeUri)(data.url?.toString());
        const properties2 = spec.supportsProperties(data) && data.properties.size > 0 ? {
          type: "element",
          name: "properties",
          children: this._factory.makeForProperty().normalizeIterable(data.properties, options, "property")
        } : void 0;
        return {
          type: "element",
          name: "license",
          attributes: {
            acknowledgement: spec.supportsLicenseAcknowledgement ? data.acknowledgement : void 0
          },
          children: [
            makeTextElement(data.name, "name", _xsd_1.normalizedString),
            data.text === void 0 ? void 0 : this._factory.makeForAttachment().normalize(data.text, options, "text"),
            types_1.XmlSchema.isAnyURI(url) ? makeTextElement(url, "url") : void 0,
            properties2
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      #normalizeSpdxLicense(data, options) {
        const spec = this._factory.spec;
        const url = (0, uri_1.escapeUri)(data.url?.toString());
        const properties2 = spec.supportsProperties(data) && data.properties.size > 0 ? {
          type: "element",
          name: "properties",
          children: this._factory.makeForProperty().normalizeIterable(data.properties, options, "property")
        } : void 0;
        return {
          type: "element",
          name: "license",
          attributes: {
            acknowledgement: spec.supportsLicenseAcknowledgement ? data.acknowledgement : void 0
          },
          children: [
            makeTextElement(data.id, "id"),
            data.text === void 0 ? void 0 : this._factory.makeForAttachment().normalize(data.text, options, "text"),
            types_1.XmlSchema.isAnyURI(url) ? makeTextElement(url, "url") : void 0,
            properties2
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      #normalizeLicenseExpression(data) {
        const elem = makeTextElement(data.expression, "expression", _xsd_1.normalizedString);
        elem.attributes = {
          acknowledgement: this._factory.spec.supportsLicenseAcknowledgement ? data.acknowledgement : void 0
        };
        return elem;
      }
      normalizeIterable(data, options) {
        const licenses2 = options.sortLists ?? false ? data.sorted() : Array.from(data);
        if (licenses2.length > 1) {
          const expressions = licenses2.filter((l) => l instanceof license_1.LicenseExpression);
          if (expressions.length > 0) {
            return [this.#normalizeLicenseExpression(expressions[0])];
          }
        }
        return licenses2.map((l) => this.normalize(l, options));
      }
    };
    exports.LicenseNormalizer = LicenseNormalizer;
    var SWIDNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "SWIDNormalizer");
      }
      normalize(data, options, elementName) {
        const url = (0, uri_1.escapeUri)(data.url?.toString());
        return {
          type: "element",
          name: elementName,
          attributes: {
            tagId: data.tagId,
            name: data.name,
            version: data.version || void 0,
            tagVersion: data.tagVersion,
            patch: data.patch === void 0 ? void 0 : data.patch ? "true" : "false"
          },
          children: [
            data.text === void 0 ? void 0 : this._factory.makeForAttachment().normalize(data.text, options, "text"),
            types_1.XmlSchema.isAnyURI(url) ? makeTextElement(url, "url") : void 0
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
    };
    exports.SWIDNormalizer = SWIDNormalizer;
    var ExternalReferenceNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "ExternalReferenceNormalizer");
      }
      normalize(data, options, elementName) {
        const url = (0, uri_1.escapeUri)(data.url.toString());
        const hashes = this._factory.spec.supportsExternalReferenceHashes && data.hashes.size > 0 ? {
          type: "element",
          name: "hashes",
          children: this._factory.makeForHash().normalizeIterable(data.hashes, options, "hash")
        } : void 0;
        return this._factory.spec.supportsExternalReferenceType(data.type) && types_1.XmlSchema.isAnyURI(url) ? {
          type: "element",
          name: elementName,
          attributes: {
            type: data.type
          },
          children: [
            makeTextElement(url, "url"),
            makeOptionalTextElement(data.comment, "comment"),
            hashes
          ].filter(notUndefined_1.isNotUndefined)
        } : void 0;
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((r) => this.normalize(r, options, elementName)).filter(notUndefined_1.isNotUndefined);
      }
    };
    exports.ExternalReferenceNormalizer = ExternalReferenceNormalizer;
    var AttachmentNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "AttachmentNormalizer");
      }
      normalize(data, options, elementName) {
        return {
          type: "element",
          name: elementName,
          attributes: {
            "content-type": data.contentType ? (0, _xsd_1.normalizedString)(data.contentType) : void 0,
            encoding: data.encoding || void 0
          },
          children: data.content.toString()
        };
      }
    };
    exports.AttachmentNormalizer = AttachmentNormalizer;
    var PropertyNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "PropertyNormalizer");
      }
      normalize(data, options, elementName) {
        return {
          type: "element",
          name: elementName,
          attributes: {
            name: data.name
          },
          children: (0, _xsd_1.normalizedString)(data.value)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((p) => this.normalize(p, options, elementName));
      }
    };
    exports.PropertyNormalizer = PropertyNormalizer;
    var DependencyGraphNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "DependencyGraphNormalizer");
      }
      normalize(data, options, elementName) {
        const allRefs = /* @__PURE__ */ new Map();
        if (data.metadata.component !== void 0) {
          allRefs.set(data.metadata.component.bomRef, data.metadata.component.dependencies);
          for (const component3 of data.metadata.component.components[tree_1.treeIteratorSymbol]()) {
            allRefs.set(component3.bomRef, component3.dependencies);
          }
        }
        for (const component3 of data.components[tree_1.treeIteratorSymbol]()) {
          allRefs.set(component3.bomRef, component3.dependencies);
        }
        for (const service of data.services[tree_1.treeIteratorSymbol]()) {
          allRefs.set(service.bomRef, service.dependencies);
        }
        const normalized = [];
        for (const [ref, deps] of allRefs) {
          const dep = this.#normalizeDependency(ref, deps, allRefs, options);
          if ((0, notUndefined_1.isNotUndefined)(dep)) {
            normalized.push(dep);
          }
        }
        if (options.sortLists ?? false) {
          normalized.sort(({ attributes: { ref: a } }, { attributes: { ref: b } }) => a.localeCompare(b));
        }
        return {
          type: "element",
          name: elementName,
          children: normalized
        };
      }
      #normalizeDependency(ref, deps, allRefs, options) {
        const bomRef = ref.toString();
        if (bomRef.length === 0) {
          return void 0;
        }
        const dependsOn = Array.from(deps).filter((d) => allRefs.has(d) && d !== ref).map((d) => d.toString()).filter((d) => d.length > 0);
        if (options.sortLists ?? false) {
          dependsOn.sort((a, b) => a.localeCompare(b));
        }
        return {
          type: "element",
          name: "dependency",
          attributes: { ref: bomRef },
          children: dependsOn.map((d) => ({
            type: "element",
            name: "dependency",
            attributes: { ref: d }
          }))
        };
      }
    };
    exports.DependencyGraphNormalizer = DependencyGraphNormalizer;
    var VulnerabilityNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "VulnerabilityNormalizer");
      }
      normalize(data, options, elementName) {
        const references = data.references.size > 0 ? {
          type: "element",
          name: "references",
          children: this._factory.makeForVulnerabilityReference().normalizeIterable(data.references, options, "reference")
        } : void 0;
        const ratings = data.ratings.size > 0 ? {
          type: "element",
          name: "ratings",
          children: this._factory.makeForVulnerabilityRating().normalizeIterable(data.ratings, options, "rating")
        } : void 0;
        const cwes = data.cwes.size > 0 ? {
          type: "element",
          name: "cwes",
          children: (options.sortLists ? data.cwes.sorted() : Array.from(data.cwes)).map((cwe) => makeTextElement(cwe, "cwe"))
        } : void 0;
        const advisories = data.advisories.size > 0 ? {
          type: "element",
          name: "advisories",
          children: this._factory.makeForVulnerabilityAdvisory().normalizeIterable(data.advisories, options, "advisory")
        } : void 0;
        const tools = data.tools.size > 0 ? this._factory.makeForTools().normalize(data.tools, options, "tools") : void 0;
        const affects = data.affects.size > 0 ? {
          type: "element",
          name: "affects",
          children: this._factory.makeForVulnerabilityAffect().normalizeIterable(data.affects, options, "target")
        } : void 0;
        const properties2 = data.properties.size > 0 ? {
          type: "element",
          name: "properties",
          children: this._factory.makeForProperty().normalizeIterable(data.properties, options, "property")
        } : void 0;
        return {
          type: "element",
          name: elementName,
          attributes: { "bom-ref": data.bomRef.value || void 0 },
          children: [
            makeOptionalTextElement(data.id, "id", _xsd_1.normalizedString),
            data.source === void 0 ? void 0 : this._factory.makeForVulnerabilitySource().normalize(data.source, options, "source"),
            references,
            ratings,
            cwes,
            makeOptionalTextElement(data.description, "description"),
            makeOptionalTextElement(data.detail, "detail"),
            makeOptionalTextElement(data.recommendation, "recommendation"),
            advisories,
            makeOptionalDateTimeElement(data.created, "created"),
            makeOptionalDateTimeElement(data.created, "published"),
            makeOptionalDateTimeElement(data.created, "updated"),
            data.credits === void 0 ? void 0 : this._factory.makeForVulnerabilityCredits().normalize(data.credits, options, "credits"),
            tools,
            data.analysis === void 0 ? void 0 : this._factory.makeForVulnerabilityAnalysis().normalize(data.analysis, options, "analysis"),
            affects,
            properties2
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((v) => this.normalize(v, options, elementName));
      }
    };
    exports.VulnerabilityNormalizer = VulnerabilityNormalizer;
    var VulnerabilitySourceNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "VulnerabilitySourceNormalizer");
      }
      normalize(data, options, elementName) {
        const url = (0, uri_1.escapeUri)(data.url?.toString());
        return {
          type: "element",
          name: elementName,
          children: [
            makeOptionalTextElement(data.name, "name", _xsd_1.normalizedString),
            types_1.XmlSchema.isAnyURI(url) ? makeTextElement(url, "url") : void 0
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
    };
    exports.VulnerabilitySourceNormalizer = VulnerabilitySourceNormalizer;
    var VulnerabilityReferenceNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "VulnerabilityReferenceNormalizer");
      }
      normalize(data, options, elementName) {
        return {
          type: "element",
          name: elementName,
          children: [
            makeTextElement(data.id, "id"),
            this._factory.makeForVulnerabilitySource().normalize(data.source, options, "source")
          ]
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((r) => this.normalize(r, options, elementName));
      }
    };
    exports.VulnerabilityReferenceNormalizer = VulnerabilityReferenceNormalizer;
    var VulnerabilityRatingNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "VulnerabilityRatingNormalizer");
      }
      normalize(data, options, elementName) {
        return {
          type: "element",
          name: elementName,
          children: [
            data.source === void 0 ? void 0 : this._factory.makeForVulnerabilitySource().normalize(data.source, options, "source"),
            makeOptionalTextElement(data.score, "score"),
            makeOptionalTextElement(data.severity, "severity"),
            this._factory.spec.supportsVulnerabilityRatingMethod(data.method) ? makeOptionalTextElement(data.method, "method") : void 0,
            makeOptionalTextElement(data.vector, "vector", _xsd_1.normalizedString),
            makeOptionalTextElement(data.justification, "justification")
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((r) => this.normalize(r, options, elementName));
      }
    };
    exports.VulnerabilityRatingNormalizer = VulnerabilityRatingNormalizer;
    var VulnerabilityAdvisoryNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "VulnerabilityAdvisoryNormalizer");
      }
      normalize(data, options, elementName) {
        const url = (0, uri_1.escapeUri)(data.url.toString());
        if (!types_1.XmlSchema.isAnyURI(url)) {
          return void 0;
        }
        return {
          type: "element",
          name: elementName,
          children: [
            makeOptionalTextElement(data.title, "title"),
            makeTextElement(url, "url")
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((a) => this.normalize(a, options, elementName)).filter(notUndefined_1.isNotUndefined);
      }
    };
    exports.VulnerabilityAdvisoryNormalizer = VulnerabilityAdvisoryNormalizer;
    var VulnerabilityCreditsNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "VulnerabilityCreditsNormalizer");
      }
      normalize(data, options, elementName) {
        const organizations = data.organizations.size > 0 ? {
          type: "element",
          name: "organizations",
          children: this._factory.makeForOrganizationalEntity().normalizeIterable(data.organizations, options, "organization")
        } : void 0;
        const individuals = data.individuals.size > 0 ? {
          type: "element",
          name: "individuals",
          children: this._factory.makeForOrganizationalContact().normalizeIterable(data.individuals, options, "individual")
        } : void 0;
        return {
          type: "element",
          name: elementName,
          children: [
            organizations,
            individuals
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
    };
    exports.VulnerabilityCreditsNormalizer = VulnerabilityCreditsNormalizer;
    var VulnerabilityAnalysisNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "VulnerabilityAnalysisNormalizer");
      }
      normalize(data, options, elementName) {
        const responses = data.response.size > 0 ? {
          type: "element",
          name: "responses",
          children: (options.sortLists ?? false ? data.response.sorted() : Array.from(data.response)).map((ar) => makeTextElement(ar, "response"))
        } : void 0;
        return {
          type: "element",
          name: elementName,
          children: [
            makeOptionalTextElement(data.state, "state"),
            makeOptionalTextElement(data.justification, "justification"),
            responses,
            makeOptionalTextElement(data.detail, "detail")
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
    };
    exports.VulnerabilityAnalysisNormalizer = VulnerabilityAnalysisNormalizer;
    var VulnerabilityAffectNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "VulnerabilityAffectNormalizer");
      }
      normalize(data, options, elementName) {
        const versions = data.versions.size > 0 ? {
          type: "element",
          name: "versions",
          children: this._factory.makeForVulnerabilityAffectedVersion().normalizeIterable(data.versions, options, "version")
        } : void 0;
        return {
          type: "element",
          name: elementName,
          children: [
            makeTextElement(data.ref, "ref"),
            versions
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((a) => this.normalize(a, options, elementName));
      }
    };
    exports.VulnerabilityAffectNormalizer = VulnerabilityAffectNormalizer;
    var VulnerabilityAffectedVersionNormalizer = class extends BaseXmlNormalizer {
      static {
        __name(this, "VulnerabilityAffectedVersionNormalizer");
      }
      normalize(data, options, elementName) {
        switch (true) {
          case data instanceof affect_1.AffectedSingleVersion:
            return this.#normalizeAffectedSingleVersion(data, elementName);
          case data instanceof affect_1.AffectedVersionRange:
            return this.#normalizeAffectedVersionRange(data, elementName);
          default:
            throw new TypeError("Unexpected Vulnerability AffectedVersion");
        }
      }
      #normalizeAffectedSingleVersion(data, elementName) {
        return {
          type: "element",
          name: elementName,
          children: [
            makeTextElement(data.version, "version", _xsd_1.normalizedString),
            makeOptionalTextElement(data.status, "status")
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      #normalizeAffectedVersionRange(data, elementName) {
        return {
          type: "element",
          name: elementName,
          children: [
            makeTextElement(data.range, "range", _xsd_1.normalizedString),
            makeOptionalTextElement(data.status, "status")
          ].filter(notUndefined_1.isNotUndefined)
        };
      }
      normalizeIterable(data, options, elementName) {
        return (options.sortLists ?? false ? data.sorted() : Array.from(data)).map((av) => this.normalize(av, options, elementName));
      }
    };
    exports.VulnerabilityAffectedVersionNormalizer = VulnerabilityAffectedVersionNormalizer;
    var noTEM = /* @__PURE__ */ __name((s) => s, "noTEM");
    function makeOptionalTextElement(data, elementName, mod = noTEM) {
      const s = mod(data?.toString() ?? "");
      return s.length > 0 ? makeTextElement(s, elementName) : void 0;
    }
    __name(makeOptionalTextElement, "makeOptionalTextElement");
    function makeTextElement(data, elementName, mod = noTEM) {
      return {
        type: "element",
        name: elementName,
        children: mod(data.toString())
      };
    }
    __name(makeTextElement, "makeTextElement");
    function makeTextElementIter(data, options, elementName, mod = noTEM) {
      const r = Array.from(data, (d) => makeTextElement(d, elementName, mod));
      if (options.sortLists ?? false) {
        r.sort(({ children: a }, { children: b }) => a.localeCompare(b));
      }
      return r;
    }
    __name(makeTextElementIter, "makeTextElementIter");
    function makeOptionalDateTimeElement(data, elementName, mod = noTEM) {
      const d = data?.toISOString();
      return d === void 0 ? void 0 : makeTextElement(d, elementName, mod);
    }
    __name(makeOptionalDateTimeElement, "makeOptionalDateTimeElement");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xml/index.js
var require_xml = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xml/index.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: /* @__PURE__ */ __name(function() {
          return m[k];
        }, "get") };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports && exports.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __importStar = exports && exports.__importStar || /* @__PURE__ */ (function() {
      var ownKeys = /* @__PURE__ */ __name(function(o) {
        ownKeys = Object.getOwnPropertyNames || function(o2) {
          var ar = [];
          for (var k in o2) if (Object.prototype.hasOwnProperty.call(o2, k)) ar[ar.length] = k;
          return ar;
        };
        return ownKeys(o);
      }, "ownKeys");
      return function(mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) {
          for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        }
        __setModuleDefault(result, mod);
        return result;
      };
    })();
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Types = exports.Normalize = void 0;
    exports.Normalize = __importStar(require_normalize3());
    exports.Types = __importStar(require_types3());
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xmlBaseSerializer.js
var require_xmlBaseSerializer = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xmlBaseSerializer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.XmlBaseSerializer = void 0;
    var enums_1 = require_enums2();
    var errors_1 = require_errors3();
    var baseSerializer_1 = require_baseSerializer();
    var XmlBaseSerializer = class extends baseSerializer_1.BaseSerializer {
      static {
        __name(this, "XmlBaseSerializer");
      }
      #normalizerFactory;
      constructor(normalizerFactory) {
        if (!normalizerFactory.spec.supportsFormat(enums_1.Format.XML)) {
          throw new errors_1.UnsupportedFormatError("Spec does not support XML format.");
        }
        super();
        this.#normalizerFactory = normalizerFactory;
      }
      get normalizerFactory() {
        return this.#normalizerFactory;
      }
      _normalize(bom, options = {}) {
        return this.#normalizerFactory.makeForBom().normalize(bom, options);
      }
    };
    exports.XmlBaseSerializer = XmlBaseSerializer;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/index.common.js
var require_index_common = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/index.common.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: /* @__PURE__ */ __name(function() {
          return m[k];
        }, "get") };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports && exports.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    var __importStar = exports && exports.__importStar || /* @__PURE__ */ (function() {
      var ownKeys = /* @__PURE__ */ __name(function(o) {
        ownKeys = Object.getOwnPropertyNames || function(o2) {
          var ar = [];
          for (var k in o2) if (Object.prototype.hasOwnProperty.call(o2, k)) ar[ar.length] = k;
          return ar;
        };
        return ownKeys(o);
      }, "ownKeys");
      return function(mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) {
          for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        }
        __setModuleDefault(result, mod);
        return result;
      };
    })();
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.XML = exports.JSON = exports.Types = void 0;
    __exportStar(require_bomRefDiscriminator(), exports);
    __exportStar(require_errors2(), exports);
    exports.Types = __importStar(require_types());
    __exportStar(require_baseSerializer(), exports);
    exports.JSON = __importStar(require_json());
    __exportStar(require_jsonSerializer(), exports);
    exports.XML = __importStar(require_xml());
    __exportStar(require_xmlBaseSerializer(), exports);
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/_optPlug.node/_wrapper.js
var require_wrapper = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/_optPlug.node/_wrapper.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.default = default_1;
    var errors_1 = require_errors();
    function makeWIllThrow(message) {
      const f = /* @__PURE__ */ __name(function() {
        throw new errors_1.OptPlugError(message);
      }, "f");
      f.fails = true;
      return Object.freeze(f);
    }
    __name(makeWIllThrow, "makeWIllThrow");
    function default_1(name, pf) {
      for (const [, getF] of pf) {
        try {
          return getF();
        } catch {
        }
      }
      return makeWIllThrow(`No ${name} available.
Please install one of the optional dependencies: ` + pf.map((kv) => kv[0]).join(" || "));
    }
    __name(default_1, "default_1");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/_optPlug.node/__xmlStringifiers/xmlbuilder2.js
var require_xmlbuilder2 = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/_optPlug.node/__xmlStringifiers/xmlbuilder2.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var xmlbuilder2_1 = __require("xmlbuilder2");
    if (typeof xmlbuilder2_1.create !== "function") {
      throw new Error("`create` is not a function");
    }
    exports.default = (function(rootElement, { space } = {}) {
      const indent = makeIndent(space);
      const doc = (0, xmlbuilder2_1.create)({ encoding: "UTF-8" });
      addEle(doc, rootElement);
      return doc.end({
        format: "xml",
        newline: "\n",
        prettyPrint: indent.length > 0,
        indent
      });
    });
    function addEle(parent, element, parentNS = null) {
      if (element.type !== "element") {
        return;
      }
      const ns = getNS(element) ?? parentNS;
      const ele = parent.ele(ns, element.name, element.attributes);
      if (element.children === void 0) {
      } else if (typeof element.children === "string" || typeof element.children === "number") {
        ele.txt(element.children.toString());
      } else {
        for (const child of element.children) {
          addEle(ele, child, ns);
        }
      }
    }
    __name(addEle, "addEle");
    function getNS(element) {
      const ns = (element.namespace ?? element.attributes?.xmlns)?.toString() ?? "";
      return ns.length > 0 ? ns : null;
    }
    __name(getNS, "getNS");
    function makeIndent(space) {
      if (typeof space === "number") {
        return " ".repeat(Math.max(0, space));
      }
      if (typeof space === "string") {
        return space;
      }
      return "";
    }
    __name(makeIndent, "makeIndent");
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/_optPlug.node/xmlStringify.js
var require_xmlStringify = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/_optPlug.node/xmlStringify.js"(exports) {
    "use strict";
    var __importDefault = exports && exports.__importDefault || function(mod) {
      return mod && mod.__esModule ? mod : { "default": mod };
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    var _wrapper_1 = __importDefault(require_wrapper());
    exports.default = (0, _wrapper_1.default)("XmlStringifier", [
      ["xmlbuilder2", () => require_xmlbuilder2().default]
    ]);
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xmlSerializer.node.js
var require_xmlSerializer_node = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/xmlSerializer.node.js"(exports) {
    "use strict";
    var __importDefault = exports && exports.__importDefault || function(mod) {
      return mod && mod.__esModule ? mod : { "default": mod };
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.XmlSerializer = void 0;
    var errors_1 = require_errors();
    var xmlStringify_1 = __importDefault(require_xmlStringify());
    var errors_2 = require_errors2();
    var xmlBaseSerializer_1 = require_xmlBaseSerializer();
    var XmlSerializer = class extends xmlBaseSerializer_1.XmlBaseSerializer {
      static {
        __name(this, "XmlSerializer");
      }
      _serialize(normalizedBom, options = {}) {
        try {
          return (0, xmlStringify_1.default)(normalizedBom, options);
        } catch (err) {
          if (err instanceof errors_1.OptPlugError) {
            throw new errors_2.MissingOptionalDependencyError(err.message, err);
          }
          throw err;
        }
      }
    };
    exports.XmlSerializer = XmlSerializer;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/index.node.js
var require_index_node = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/serialize/index.node.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: /* @__PURE__ */ __name(function() {
          return m[k];
        }, "get") };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    __exportStar(require_index_common(), exports);
    __exportStar(require_xmlSerializer_node(), exports);
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/_protocol.js
var require_protocol = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/_protocol.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports._Spec = void 0;
    var models_1 = require_models();
    var _Spec = class {
      static {
        __name(this, "_Spec");
      }
      #version;
      #formats;
      #componentTypes;
      #hashAlgorithms;
      #hashValuePattern;
      #externalReferenceTypes;
      #vulnerabilityRatingMethods;
      #supportsDependencyGraph;
      #supportsToolReferences;
      #requiresComponentVersion;
      #supportsProperties;
      #supportsVulnerabilities;
      #supportsComponentEvidence;
      #supportsMetadataLifecycles;
      #supportsMetadataLicenses;
      #supportsMetadataProperties;
      #supportsExternalReferenceHashes;
      #supportsLicenseAcknowledgement;
      #supportsServices;
      #supportsToolsComponentsServices;
      #supportsLicenseProperties;
      constructor(version, formats, componentTypes, hashAlgorithms, hashValuePattern, externalReferenceTypes, supportsDependencyGraph, supportsToolReferences, requiresComponentVersion, supportsProperties, supportsVulnerabilities, vulnerabilityRatingMethods, supportsComponentEvidence, supportsMetadataLifecycles, supportsMetadataLicenses, supportsMetadataProperties, supportsExternalReferenceHashes, supportsLicenseAcknowledgement, supportsServices, supportsToolsComponentsServices, supportsLicenseProperties) {
        this.#version = version;
        this.#formats = new Set(formats);
        this.#componentTypes = new Set(componentTypes);
        this.#hashAlgorithms = new Set(hashAlgorithms);
        this.#hashValuePattern = hashValuePattern;
        this.#externalReferenceTypes = new Set(externalReferenceTypes);
        this.#supportsDependencyGraph = supportsDependencyGraph;
        this.#supportsToolReferences = supportsToolReferences;
        this.#requiresComponentVersion = requiresComponentVersion;
        this.#supportsProperties = supportsProperties;
        this.#supportsVulnerabilities = supportsVulnerabilities;
        this.#vulnerabilityRatingMethods = new Set(vulnerabilityRatingMethods);
        this.#supportsComponentEvidence = supportsComponentEvidence;
        this.#supportsMetadataLifecycles = supportsMetadataLifecycles;
        this.#supportsMetadataLicenses = supportsMetadataLicenses;
        this.#supportsMetadataProperties = supportsMetadataProperties;
        this.#supportsExternalReferenceHashes = supportsExternalReferenceHashes;
        this.#supportsLicenseAcknowledgement = supportsLicenseAcknowledgement;
        this.#supportsServices = supportsServices;
        this.#supportsToolsComponentsServices = supportsToolsComponentsServices;
        this.#supportsLicenseProperties = supportsLicenseProperties;
      }
      get version() {
        return this.#version;
      }
      supportsFormat(f) {
        return this.#formats.has(f);
      }
      supportsComponentType(ct) {
        return this.#componentTypes.has(ct);
      }
      supportsHashAlgorithm(ha) {
        return this.#hashAlgorithms.has(ha);
      }
      supportsHashValue(hv) {
        return typeof hv === "string" && this.#hashValuePattern.test(hv);
      }
      supportsExternalReferenceType(ert) {
        return this.#externalReferenceTypes.has(ert);
      }
      get supportsDependencyGraph() {
        return this.#supportsDependencyGraph;
      }
      get supportsToolReferences() {
        return this.#supportsToolReferences;
      }
      get requiresComponentVersion() {
        return this.#requiresComponentVersion;
      }
      supportsProperties(model) {
        switch (true) {
          case (model instanceof models_1.NamedLicense || model instanceof models_1.SpdxLicense):
            return this.#supportsLicenseProperties;
          default:
            return this.#supportsProperties;
        }
      }
      get supportsVulnerabilities() {
        return this.#supportsVulnerabilities;
      }
      supportsVulnerabilityRatingMethod(rm) {
        return this.#vulnerabilityRatingMethods.has(rm);
      }
      get supportsComponentEvidence() {
        return this.#supportsComponentEvidence;
      }
      get supportsMetadataLifecycles() {
        return this.#supportsMetadataLifecycles;
      }
      get supportsMetadataLicenses() {
        return this.#supportsMetadataLicenses;
      }
      get supportsMetadataProperties() {
        return this.#supportsMetadataProperties;
      }
      get supportsExternalReferenceHashes() {
        return this.#supportsExternalReferenceHashes;
      }
      get supportsLicenseAcknowledgement() {
        return this.#supportsLicenseAcknowledgement;
      }
      get supportsServices() {
        return this.#supportsServices;
      }
      get supportsToolsComponentsServices() {
        return this.#supportsToolsComponentsServices;
      }
    };
    exports._Spec = _Spec;
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/consts.js
var require_consts = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/consts.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.SpecVersionDict = exports.Spec1dot7 = exports.Spec1dot6 = exports.Spec1dot5 = exports.Spec1dot4 = exports.Spec1dot3 = exports.Spec1dot2 = void 0;
    var componentType_1 = require_componentType();
    var externalReferenceType_1 = require_externalReferenceType();
    var hashAlogorithm_1 = require_hashAlogorithm();
    var ratingMethod_1 = require_ratingMethod();
    var _protocol_1 = require_protocol();
    var enums_1 = require_enums2();
    exports.Spec1dot2 = Object.freeze(new _protocol_1._Spec(enums_1.Version.v1dot2, [
      enums_1.Format.XML,
      enums_1.Format.JSON
    ], [
      componentType_1.ComponentType.Application,
      componentType_1.ComponentType.Framework,
      componentType_1.ComponentType.Library,
      componentType_1.ComponentType.Container,
      componentType_1.ComponentType.OperatingSystem,
      componentType_1.ComponentType.Device,
      componentType_1.ComponentType.Firmware,
      componentType_1.ComponentType.File
    ], [
      hashAlogorithm_1.HashAlgorithm.MD5,
      hashAlogorithm_1.HashAlgorithm["SHA-1"],
      hashAlogorithm_1.HashAlgorithm["SHA-256"],
      hashAlogorithm_1.HashAlgorithm["SHA-384"],
      hashAlogorithm_1.HashAlgorithm["SHA-512"],
      hashAlogorithm_1.HashAlgorithm["SHA3-256"],
      hashAlogorithm_1.HashAlgorithm["SHA3-384"],
      hashAlogorithm_1.HashAlgorithm["SHA3-512"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-256"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-384"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-512"],
      hashAlogorithm_1.HashAlgorithm.BLAKE3
    ], /^([a-fA-F0-9]{32})$|^([a-fA-F0-9]{40})$|^([a-fA-F0-9]{64})$|^([a-fA-F0-9]{96})$|^([a-fA-F0-9]{128})$/, [
      externalReferenceType_1.ExternalReferenceType.VCS,
      externalReferenceType_1.ExternalReferenceType.IssueTracker,
      externalReferenceType_1.ExternalReferenceType.Website,
      externalReferenceType_1.ExternalReferenceType.Advisories,
      externalReferenceType_1.ExternalReferenceType.BOM,
      externalReferenceType_1.ExternalReferenceType.MailingList,
      externalReferenceType_1.ExternalReferenceType.Social,
      externalReferenceType_1.ExternalReferenceType.Chat,
      externalReferenceType_1.ExternalReferenceType.Documentation,
      externalReferenceType_1.ExternalReferenceType.Support,
      externalReferenceType_1.ExternalReferenceType.Distribution,
      externalReferenceType_1.ExternalReferenceType.License,
      externalReferenceType_1.ExternalReferenceType.BuildMeta,
      externalReferenceType_1.ExternalReferenceType.BuildSystem,
      externalReferenceType_1.ExternalReferenceType.Other
    ], true, false, true, false, false, [], false, false, false, false, false, false, true, false, false));
    exports.Spec1dot3 = Object.freeze(new _protocol_1._Spec(enums_1.Version.v1dot3, [
      enums_1.Format.XML,
      enums_1.Format.JSON
    ], [
      componentType_1.ComponentType.Application,
      componentType_1.ComponentType.Framework,
      componentType_1.ComponentType.Library,
      componentType_1.ComponentType.Container,
      componentType_1.ComponentType.OperatingSystem,
      componentType_1.ComponentType.Device,
      componentType_1.ComponentType.Firmware,
      componentType_1.ComponentType.File
    ], [
      hashAlogorithm_1.HashAlgorithm.MD5,
      hashAlogorithm_1.HashAlgorithm["SHA-1"],
      hashAlogorithm_1.HashAlgorithm["SHA-256"],
      hashAlogorithm_1.HashAlgorithm["SHA-384"],
      hashAlogorithm_1.HashAlgorithm["SHA-512"],
      hashAlogorithm_1.HashAlgorithm["SHA3-256"],
      hashAlogorithm_1.HashAlgorithm["SHA3-384"],
      hashAlogorithm_1.HashAlgorithm["SHA3-512"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-256"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-384"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-512"],
      hashAlogorithm_1.HashAlgorithm.BLAKE3
    ], /^([a-fA-F0-9]{32})$|^([a-fA-F0-9]{40})$|^([a-fA-F0-9]{64})$|^([a-fA-F0-9]{96})$|^([a-fA-F0-9]{128})$/, [
      externalReferenceType_1.ExternalReferenceType.VCS,
      externalReferenceType_1.ExternalReferenceType.IssueTracker,
      externalReferenceType_1.ExternalReferenceType.Website,
      externalReferenceType_1.ExternalReferenceType.Advisories,
      externalReferenceType_1.ExternalReferenceType.BOM,
      externalReferenceType_1.ExternalReferenceType.MailingList,
      externalReferenceType_1.ExternalReferenceType.Social,
      externalReferenceType_1.ExternalReferenceType.Chat,
      externalReferenceType_1.ExternalReferenceType.Documentation,
      externalReferenceType_1.ExternalReferenceType.Support,
      externalReferenceType_1.ExternalReferenceType.Distribution,
      externalReferenceType_1.ExternalReferenceType.License,
      externalReferenceType_1.ExternalReferenceType.BuildMeta,
      externalReferenceType_1.ExternalReferenceType.BuildSystem,
      externalReferenceType_1.ExternalReferenceType.Other
    ], true, false, true, true, false, [], true, false, true, true, true, false, true, false, false));
    exports.Spec1dot4 = Object.freeze(new _protocol_1._Spec(enums_1.Version.v1dot4, [
      enums_1.Format.XML,
      enums_1.Format.JSON
    ], [
      componentType_1.ComponentType.Application,
      componentType_1.ComponentType.Framework,
      componentType_1.ComponentType.Library,
      componentType_1.ComponentType.Container,
      componentType_1.ComponentType.OperatingSystem,
      componentType_1.ComponentType.Device,
      componentType_1.ComponentType.Firmware,
      componentType_1.ComponentType.File
    ], [
      hashAlogorithm_1.HashAlgorithm.MD5,
      hashAlogorithm_1.HashAlgorithm["SHA-1"],
      hashAlogorithm_1.HashAlgorithm["SHA-256"],
      hashAlogorithm_1.HashAlgorithm["SHA-384"],
      hashAlogorithm_1.HashAlgorithm["SHA-512"],
      hashAlogorithm_1.HashAlgorithm["SHA3-256"],
      hashAlogorithm_1.HashAlgorithm["SHA3-384"],
      hashAlogorithm_1.HashAlgorithm["SHA3-512"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-256"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-384"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-512"],
      hashAlogorithm_1.HashAlgorithm.BLAKE3
    ], /^([a-fA-F0-9]{32})$|^([a-fA-F0-9]{40})$|^([a-fA-F0-9]{64})$|^([a-fA-F0-9]{96})$|^([a-fA-F0-9]{128})$/, [
      externalReferenceType_1.ExternalReferenceType.VCS,
      externalReferenceType_1.ExternalReferenceType.IssueTracker,
      externalReferenceType_1.ExternalReferenceType.Website,
      externalReferenceType_1.ExternalReferenceType.Advisories,
      externalReferenceType_1.ExternalReferenceType.BOM,
      externalReferenceType_1.ExternalReferenceType.MailingList,
      externalReferenceType_1.ExternalReferenceType.Social,
      externalReferenceType_1.ExternalReferenceType.Chat,
      externalReferenceType_1.ExternalReferenceType.Documentation,
      externalReferenceType_1.ExternalReferenceType.Support,
      externalReferenceType_1.ExternalReferenceType.Distribution,
      externalReferenceType_1.ExternalReferenceType.License,
      externalReferenceType_1.ExternalReferenceType.BuildMeta,
      externalReferenceType_1.ExternalReferenceType.BuildSystem,
      externalReferenceType_1.ExternalReferenceType.ReleaseNotes,
      externalReferenceType_1.ExternalReferenceType.Other
    ], true, true, false, true, true, [
      ratingMethod_1.RatingMethod.CVSSv2,
      ratingMethod_1.RatingMethod.CVSSv3,
      ratingMethod_1.RatingMethod.CVSSv31,
      ratingMethod_1.RatingMethod.OWASP,
      ratingMethod_1.RatingMethod.Other
    ], true, false, true, true, true, false, true, false, false));
    exports.Spec1dot5 = Object.freeze(new _protocol_1._Spec(enums_1.Version.v1dot5, [
      enums_1.Format.XML,
      enums_1.Format.JSON
    ], [
      componentType_1.ComponentType.Application,
      componentType_1.ComponentType.Framework,
      componentType_1.ComponentType.Library,
      componentType_1.ComponentType.Container,
      componentType_1.ComponentType.Platform,
      componentType_1.ComponentType.OperatingSystem,
      componentType_1.ComponentType.Device,
      componentType_1.ComponentType.DeviceDriver,
      componentType_1.ComponentType.Firmware,
      componentType_1.ComponentType.File,
      componentType_1.ComponentType.MachineLearningModel,
      componentType_1.ComponentType.Data
    ], [
      hashAlogorithm_1.HashAlgorithm.MD5,
      hashAlogorithm_1.HashAlgorithm["SHA-1"],
      hashAlogorithm_1.HashAlgorithm["SHA-256"],
      hashAlogorithm_1.HashAlgorithm["SHA-384"],
      hashAlogorithm_1.HashAlgorithm["SHA-512"],
      hashAlogorithm_1.HashAlgorithm["SHA3-256"],
      hashAlogorithm_1.HashAlgorithm["SHA3-384"],
      hashAlogorithm_1.HashAlgorithm["SHA3-512"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-256"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-384"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-512"],
      hashAlogorithm_1.HashAlgorithm.BLAKE3
    ], /^([a-fA-F0-9]{32})$|^([a-fA-F0-9]{40})$|^([a-fA-F0-9]{64})$|^([a-fA-F0-9]{96})$|^([a-fA-F0-9]{128})$/, [
      externalReferenceType_1.ExternalReferenceType.VCS,
      externalReferenceType_1.ExternalReferenceType.IssueTracker,
      externalReferenceType_1.ExternalReferenceType.Website,
      externalReferenceType_1.ExternalReferenceType.Advisories,
      externalReferenceType_1.ExternalReferenceType.BOM,
      externalReferenceType_1.ExternalReferenceType.MailingList,
      externalReferenceType_1.ExternalReferenceType.Social,
      externalReferenceType_1.ExternalReferenceType.Chat,
      externalReferenceType_1.ExternalReferenceType.Documentation,
      externalReferenceType_1.ExternalReferenceType.Support,
      externalReferenceType_1.ExternalReferenceType.Distribution,
      externalReferenceType_1.ExternalReferenceType.DistributionIntake,
      externalReferenceType_1.ExternalReferenceType.License,
      externalReferenceType_1.ExternalReferenceType.BuildMeta,
      externalReferenceType_1.ExternalReferenceType.BuildSystem,
      externalReferenceType_1.ExternalReferenceType.ReleaseNotes,
      externalReferenceType_1.ExternalReferenceType.SecurityContact,
      externalReferenceType_1.ExternalReferenceType.ModelCard,
      externalReferenceType_1.ExternalReferenceType.Log,
      externalReferenceType_1.ExternalReferenceType.Configuration,
      externalReferenceType_1.ExternalReferenceType.Evidence,
      externalReferenceType_1.ExternalReferenceType.Formulation,
      externalReferenceType_1.ExternalReferenceType.Attestation,
      externalReferenceType_1.ExternalReferenceType.ThreatModel,
      externalReferenceType_1.ExternalReferenceType.AdversaryModel,
      externalReferenceType_1.ExternalReferenceType.RiskAssessment,
      externalReferenceType_1.ExternalReferenceType.VulnerabilityAssertion,
      externalReferenceType_1.ExternalReferenceType.ExploitabilityStatement,
      externalReferenceType_1.ExternalReferenceType.PentestReport,
      externalReferenceType_1.ExternalReferenceType.StaticAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.DynamicAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.RuntimeAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.ComponentAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.MaturityReport,
      externalReferenceType_1.ExternalReferenceType.CertificationReport,
      externalReferenceType_1.ExternalReferenceType.CodifiedInfrastructure,
      externalReferenceType_1.ExternalReferenceType.QualityMetrics,
      externalReferenceType_1.ExternalReferenceType.POAM,
      externalReferenceType_1.ExternalReferenceType.Other
    ], true, true, false, true, true, [
      ratingMethod_1.RatingMethod.CVSSv2,
      ratingMethod_1.RatingMethod.CVSSv3,
      ratingMethod_1.RatingMethod.CVSSv31,
      ratingMethod_1.RatingMethod.CVSSv4,
      ratingMethod_1.RatingMethod.OWASP,
      ratingMethod_1.RatingMethod.SSVC,
      ratingMethod_1.RatingMethod.Other
    ], true, true, true, true, true, false, true, true, true));
    exports.Spec1dot6 = Object.freeze(new _protocol_1._Spec(enums_1.Version.v1dot6, [
      enums_1.Format.XML,
      enums_1.Format.JSON
    ], [
      componentType_1.ComponentType.Application,
      componentType_1.ComponentType.Framework,
      componentType_1.ComponentType.Library,
      componentType_1.ComponentType.Container,
      componentType_1.ComponentType.Platform,
      componentType_1.ComponentType.OperatingSystem,
      componentType_1.ComponentType.Device,
      componentType_1.ComponentType.DeviceDriver,
      componentType_1.ComponentType.Firmware,
      componentType_1.ComponentType.File,
      componentType_1.ComponentType.MachineLearningModel,
      componentType_1.ComponentType.Data,
      componentType_1.ComponentType.CryptographicAsset
    ], [
      hashAlogorithm_1.HashAlgorithm.MD5,
      hashAlogorithm_1.HashAlgorithm["SHA-1"],
      hashAlogorithm_1.HashAlgorithm["SHA-256"],
      hashAlogorithm_1.HashAlgorithm["SHA-384"],
      hashAlogorithm_1.HashAlgorithm["SHA-512"],
      hashAlogorithm_1.HashAlgorithm["SHA3-256"],
      hashAlogorithm_1.HashAlgorithm["SHA3-384"],
      hashAlogorithm_1.HashAlgorithm["SHA3-512"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-256"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-384"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-512"],
      hashAlogorithm_1.HashAlgorithm.BLAKE3
    ], /^([a-fA-F0-9]{32})$|^([a-fA-F0-9]{40})$|^([a-fA-F0-9]{64})$|^([a-fA-F0-9]{96})$|^([a-fA-F0-9]{128})$/, [
      externalReferenceType_1.ExternalReferenceType.VCS,
      externalReferenceType_1.ExternalReferenceType.IssueTracker,
      externalReferenceType_1.ExternalReferenceType.Website,
      externalReferenceType_1.ExternalReferenceType.Advisories,
      externalReferenceType_1.ExternalReferenceType.BOM,
      externalReferenceType_1.ExternalReferenceType.MailingList,
      externalReferenceType_1.ExternalReferenceType.Social,
      externalReferenceType_1.ExternalReferenceType.Chat,
      externalReferenceType_1.ExternalReferenceType.Documentation,
      externalReferenceType_1.ExternalReferenceType.Support,
      externalReferenceType_1.ExternalReferenceType.SourceDistribution,
      externalReferenceType_1.ExternalReferenceType.Distribution,
      externalReferenceType_1.ExternalReferenceType.DistributionIntake,
      externalReferenceType_1.ExternalReferenceType.License,
      externalReferenceType_1.ExternalReferenceType.BuildMeta,
      externalReferenceType_1.ExternalReferenceType.BuildSystem,
      externalReferenceType_1.ExternalReferenceType.ReleaseNotes,
      externalReferenceType_1.ExternalReferenceType.SecurityContact,
      externalReferenceType_1.ExternalReferenceType.ModelCard,
      externalReferenceType_1.ExternalReferenceType.Log,
      externalReferenceType_1.ExternalReferenceType.Configuration,
      externalReferenceType_1.ExternalReferenceType.Evidence,
      externalReferenceType_1.ExternalReferenceType.Formulation,
      externalReferenceType_1.ExternalReferenceType.Attestation,
      externalReferenceType_1.ExternalReferenceType.ThreatModel,
      externalReferenceType_1.ExternalReferenceType.AdversaryModel,
      externalReferenceType_1.ExternalReferenceType.RiskAssessment,
      externalReferenceType_1.ExternalReferenceType.VulnerabilityAssertion,
      externalReferenceType_1.ExternalReferenceType.ExploitabilityStatement,
      externalReferenceType_1.ExternalReferenceType.PentestReport,
      externalReferenceType_1.ExternalReferenceType.StaticAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.DynamicAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.RuntimeAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.ComponentAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.MaturityReport,
      externalReferenceType_1.ExternalReferenceType.CertificationReport,
      externalReferenceType_1.ExternalReferenceType.CodifiedInfrastructure,
      externalReferenceType_1.ExternalReferenceType.QualityMetrics,
      externalReferenceType_1.ExternalReferenceType.POAM,
      externalReferenceType_1.ExternalReferenceType.ElectronicSignature,
      externalReferenceType_1.ExternalReferenceType.DigitalSignature,
      externalReferenceType_1.ExternalReferenceType.RFC9116,
      externalReferenceType_1.ExternalReferenceType.Other
    ], true, true, false, true, true, [
      ratingMethod_1.RatingMethod.CVSSv2,
      ratingMethod_1.RatingMethod.CVSSv3,
      ratingMethod_1.RatingMethod.CVSSv31,
      ratingMethod_1.RatingMethod.CVSSv4,
      ratingMethod_1.RatingMethod.OWASP,
      ratingMethod_1.RatingMethod.SSVC,
      ratingMethod_1.RatingMethod.Other
    ], true, true, true, true, true, true, true, true, true));
    exports.Spec1dot7 = Object.freeze(new _protocol_1._Spec(enums_1.Version.v1dot7, [
      enums_1.Format.XML,
      enums_1.Format.JSON
    ], [
      componentType_1.ComponentType.Application,
      componentType_1.ComponentType.Framework,
      componentType_1.ComponentType.Library,
      componentType_1.ComponentType.Container,
      componentType_1.ComponentType.Platform,
      componentType_1.ComponentType.OperatingSystem,
      componentType_1.ComponentType.Device,
      componentType_1.ComponentType.DeviceDriver,
      componentType_1.ComponentType.Firmware,
      componentType_1.ComponentType.File,
      componentType_1.ComponentType.MachineLearningModel,
      componentType_1.ComponentType.Data,
      componentType_1.ComponentType.CryptographicAsset
    ], [
      hashAlogorithm_1.HashAlgorithm.MD5,
      hashAlogorithm_1.HashAlgorithm["SHA-1"],
      hashAlogorithm_1.HashAlgorithm["SHA-256"],
      hashAlogorithm_1.HashAlgorithm["SHA-384"],
      hashAlogorithm_1.HashAlgorithm["SHA-512"],
      hashAlogorithm_1.HashAlgorithm["SHA3-256"],
      hashAlogorithm_1.HashAlgorithm["SHA3-384"],
      hashAlogorithm_1.HashAlgorithm["SHA3-512"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-256"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-384"],
      hashAlogorithm_1.HashAlgorithm["BLAKE2b-512"],
      hashAlogorithm_1.HashAlgorithm.BLAKE3,
      hashAlogorithm_1.HashAlgorithm["Streebog-256"],
      hashAlogorithm_1.HashAlgorithm["Streebog-512"]
    ], /^([a-fA-F0-9]{32})$|^([a-fA-F0-9]{40})$|^([a-fA-F0-9]{64})$|^([a-fA-F0-9]{96})$|^([a-fA-F0-9]{128})$/, [
      externalReferenceType_1.ExternalReferenceType.VCS,
      externalReferenceType_1.ExternalReferenceType.IssueTracker,
      externalReferenceType_1.ExternalReferenceType.Website,
      externalReferenceType_1.ExternalReferenceType.Advisories,
      externalReferenceType_1.ExternalReferenceType.BOM,
      externalReferenceType_1.ExternalReferenceType.MailingList,
      externalReferenceType_1.ExternalReferenceType.Social,
      externalReferenceType_1.ExternalReferenceType.Chat,
      externalReferenceType_1.ExternalReferenceType.Documentation,
      externalReferenceType_1.ExternalReferenceType.Support,
      externalReferenceType_1.ExternalReferenceType.SourceDistribution,
      externalReferenceType_1.ExternalReferenceType.Distribution,
      externalReferenceType_1.ExternalReferenceType.DistributionIntake,
      externalReferenceType_1.ExternalReferenceType.License,
      externalReferenceType_1.ExternalReferenceType.BuildMeta,
      externalReferenceType_1.ExternalReferenceType.BuildSystem,
      externalReferenceType_1.ExternalReferenceType.ReleaseNotes,
      externalReferenceType_1.ExternalReferenceType.SecurityContact,
      externalReferenceType_1.ExternalReferenceType.ModelCard,
      externalReferenceType_1.ExternalReferenceType.Log,
      externalReferenceType_1.ExternalReferenceType.Configuration,
      externalReferenceType_1.ExternalReferenceType.Evidence,
      externalReferenceType_1.ExternalReferenceType.Formulation,
      externalReferenceType_1.ExternalReferenceType.Attestation,
      externalReferenceType_1.ExternalReferenceType.ThreatModel,
      externalReferenceType_1.ExternalReferenceType.AdversaryModel,
      externalReferenceType_1.ExternalReferenceType.RiskAssessment,
      externalReferenceType_1.ExternalReferenceType.VulnerabilityAssertion,
      externalReferenceType_1.ExternalReferenceType.ExploitabilityStatement,
      externalReferenceType_1.ExternalReferenceType.PentestReport,
      externalReferenceType_1.ExternalReferenceType.StaticAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.DynamicAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.RuntimeAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.ComponentAnalysisReport,
      externalReferenceType_1.ExternalReferenceType.MaturityReport,
      externalReferenceType_1.ExternalReferenceType.CertificationReport,
      externalReferenceType_1.ExternalReferenceType.CodifiedInfrastructure,
      externalReferenceType_1.ExternalReferenceType.QualityMetrics,
      externalReferenceType_1.ExternalReferenceType.POAM,
      externalReferenceType_1.ExternalReferenceType.ElectronicSignature,
      externalReferenceType_1.ExternalReferenceType.DigitalSignature,
      externalReferenceType_1.ExternalReferenceType.RFC9116,
      externalReferenceType_1.ExternalReferenceType.Citation,
      externalReferenceType_1.ExternalReferenceType.Patent,
      externalReferenceType_1.ExternalReferenceType.PatentAssertion,
      externalReferenceType_1.ExternalReferenceType.PatentFamily,
      externalReferenceType_1.ExternalReferenceType.RFC9116,
      externalReferenceType_1.ExternalReferenceType.Other
    ], true, true, false, true, true, [
      ratingMethod_1.RatingMethod.CVSSv2,
      ratingMethod_1.RatingMethod.CVSSv3,
      ratingMethod_1.RatingMethod.CVSSv31,
      ratingMethod_1.RatingMethod.CVSSv4,
      ratingMethod_1.RatingMethod.OWASP,
      ratingMethod_1.RatingMethod.SSVC,
      ratingMethod_1.RatingMethod.Other
    ], true, true, true, true, true, true, true, true, true));
    exports.SpecVersionDict = Object.freeze({
      [enums_1.Version.v1dot7]: exports.Spec1dot7,
      [enums_1.Version.v1dot6]: exports.Spec1dot6,
      [enums_1.Version.v1dot5]: exports.Spec1dot5,
      [enums_1.Version.v1dot4]: exports.Spec1dot4,
      [enums_1.Version.v1dot3]: exports.Spec1dot3,
      [enums_1.Version.v1dot2]: exports.Spec1dot2
    });
  }
});

// node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/index.js
var require_spec = __commonJS({
  "node_modules/@cyclonedx/cyclonedx-library/dist.node/spec/index.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: /* @__PURE__ */ __name(function() {
          return m[k];
        }, "get") };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __exportStar = exports && exports.__exportStar || function(m, exports2) {
      for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports2, p)) __createBinding(exports2, m, p);
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    __exportStar(require_consts(), exports);
    __exportStar(require_enums2(), exports);
    __exportStar(require_errors3(), exports);
  }
});

// node_modules/protobufjs/src/util/aspromise.js
var require_aspromise = __commonJS({
  "node_modules/protobufjs/src/util/aspromise.js"(exports, module) {
    "use strict";
    module.exports = asPromise;
    function asPromise(fn, ctx) {
      var params = new Array(arguments.length - 1), offset = 0, index = 2, pending = true;
      while (index < arguments.length)
        params[offset++] = arguments[index++];
      return new Promise(/* @__PURE__ */ __name(function executor(resolve2, reject) {
        params[offset] = /* @__PURE__ */ __name(function callback(err) {
          if (pending) {
            pending = false;
            if (err)
              reject(err);
            else {
              var params2 = new Array(arguments.length - 1), offset2 = 0;
              while (offset2 < params2.length)
                params2[offset2++] = arguments[offset2];
              resolve2.apply(null, params2);
            }
          }
        }, "callback");
        try {
          fn.apply(ctx || null, params);
        } catch (err) {
          if (pending) {
            pending = false;
            reject(err);
          }
        }
      }, "executor"));
    }
    __name(asPromise, "asPromise");
  }
});

// node_modules/protobufjs/src/util/base64.js
var require_base64 = __commonJS({
  "node_modules/protobufjs/src/util/base64.js"(exports) {
    "use strict";
    var base64 = exports;
    base64.length = /* @__PURE__ */ __name(function length(string) {
      var p = string.length;
      if (!p)
        return 0;
      while (p > 0 && string.charAt(p - 1) === "=")
        --p;
      return Math.floor(p * 3 / 4);
    }, "length");
    var b64 = new Array(64);
    var s64 = new Array(123);
    for (i = 0; i < 64; )
      s64[b64[i] = i < 26 ? i + 65 : i < 52 ? i + 71 : i < 62 ? i - 4 : i - 59 | 43] = i++;
    var i;
    s64[45] = 62;
    s64[95] = 63;
    base64.encode = /* @__PURE__ */ __name(function encode(buffer, start, end) {
      var parts = null, chunk = [];
      var i2 = 0, j = 0, t;
      while (start < end) {
        var b = buffer[start++];
        switch (j) {
          case 0:
            chunk[i2++] = b64[b >> 2];
            t = (b & 3) << 4;
            j = 1;
            break;
          case 1:
            chunk[i2++] = b64[t | b >> 4];
            t = (b & 15) << 2;
            j = 2;
            break;
          case 2:
            chunk[i2++] = b64[t | b >> 6];
            chunk[i2++] = b64[b & 63];
            j = 0;
            break;
        }
        if (i2 > 8191) {
          (parts || (parts = [])).push(String.fromCharCode.apply(String, chunk));
          i2 = 0;
        }
      }
      if (j) {
        chunk[i2++] = b64[t];
        chunk[i2++] = 61;
        if (j === 1)
          chunk[i2++] = 61;
      }
      if (parts) {
        if (i2)
          parts.push(String.fromCharCode.apply(String, chunk.slice(0, i2)));
        return parts.join("");
      }
      return String.fromCharCode.apply(String, chunk.slice(0, i2));
    }, "encode");
    var invalidEncoding = "invalid encoding";
    base64.decode = /* @__PURE__ */ __name(function decode(string, buffer, offset) {
      var start = offset;
      var j = 0, t;
      for (var i2 = 0; i2 < string.length; ) {
        var c = string.charCodeAt(i2++);
        if (c === 61 && j > 1)
          break;
        if ((c = s64[c]) === void 0)
          throw Error(invalidEncoding);
        switch (j) {
          case 0:
            t = c;
            j = 1;
            break;
          case 1:
            buffer[offset++] = t << 2 | (c & 48) >> 4;
            t = c;
            j = 2;
            break;
          case 2:
            buffer[offset++] = (t & 15) << 4 | (c & 60) >> 2;
            t = c;
            j = 3;
            break;
          case 3:
            buffer[offset++] = (t & 3) << 6 | c;
            j = 0;
            break;
        }
      }
      if (j === 1)
        throw Error(invalidEncoding);
      return offset - start;
    }, "decode");
    var base64Re = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    var base64UrlRe = /[-_]/;
    var base64UrlNoPaddingRe = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/;
    base64.test = /* @__PURE__ */ __name(function test(string) {
      return base64Re.test(string) || base64UrlRe.test(string) && base64UrlNoPaddingRe.test(string);
    }, "test");
  }
});

// node_modules/protobufjs/src/util/eventemitter.js
var require_eventemitter = __commonJS({
  "node_modules/protobufjs/src/util/eventemitter.js"(exports, module) {
    "use strict";
    module.exports = EventEmitter;
    function EventEmitter() {
      this._listeners = /* @__PURE__ */ Object.create(null);
    }
    __name(EventEmitter, "EventEmitter");
    EventEmitter.prototype.on = /* @__PURE__ */ __name(function on(evt, fn, ctx) {
      (this._listeners[evt] || (this._listeners[evt] = [])).push({
        fn,
        ctx: ctx || this
      });
      return this;
    }, "on");
    EventEmitter.prototype.off = /* @__PURE__ */ __name(function off(evt, fn) {
      if (evt === void 0)
        this._listeners = /* @__PURE__ */ Object.create(null);
      else {
        if (fn === void 0)
          this._listeners[evt] = [];
        else {
          var listeners = this._listeners[evt];
          if (!listeners)
            return this;
          for (var i = 0; i < listeners.length; )
            if (listeners[i].fn === fn)
              listeners.splice(i, 1);
            else
              ++i;
        }
      }
      return this;
    }, "off");
    EventEmitter.prototype.emit = /* @__PURE__ */ __name(function emit(evt) {
      var listeners = this._listeners[evt];
      if (listeners) {
        var args = [], i = 1;
        for (; i < arguments.length; )
          args.push(arguments[i++]);
        for (i = 0; i < listeners.length; )
          listeners[i].fn.apply(listeners[i++].ctx, args);
      }
      return this;
    }, "emit");
  }
});

// node_modules/protobufjs/src/util/float.js
var require_float = __commonJS({
  "node_modules/protobufjs/src/util/float.js"(exports, module) {
    "use strict";
    module.exports = factory(factory);
    function factory(exports2) {
      if (typeof Float32Array !== "undefined") (function() {
        var f32 = new Float32Array([-0]), f8b = new Uint8Array(f32.buffer), le = f8b[3] === 128;
        function writeFloat_f32_cpy(val, buf, pos) {
          f32[0] = val;
          buf[pos] = f8b[0];
          buf[pos + 1] = f8b[1];
          buf[pos + 2] = f8b[2];
          buf[pos + 3] = f8b[3];
        }
        __name(writeFloat_f32_cpy, "writeFloat_f32_cpy");
        function writeFloat_f32_rev(val, buf, pos) {
          f32[0] = val;
          buf[pos] = f8b[3];
          buf[pos + 1] = f8b[2];
          buf[pos + 2] = f8b[1];
          buf[pos + 3] = f8b[0];
        }
        __name(writeFloat_f32_rev, "writeFloat_f32_rev");
        exports2.writeFloatLE = le ? writeFloat_f32_cpy : writeFloat_f32_rev;
        exports2.writeFloatBE = le ? writeFloat_f32_rev : writeFloat_f32_cpy;
        function readFloat_f32_cpy(buf, pos) {
          f8b[0] = buf[pos];
          f8b[1] = buf[pos + 1];
          f8b[2] = buf[pos + 2];
          f8b[3] = buf[pos + 3];
          return f32[0];
        }
        __name(readFloat_f32_cpy, "readFloat_f32_cpy");
        function readFloat_f32_rev(buf, pos) {
          f8b[3] = buf[pos];
          f8b[2] = buf[pos + 1];
          f8b[1] = buf[pos + 2];
          f8b[0] = buf[pos + 3];
          return f32[0];
        }
        __name(readFloat_f32_rev, "readFloat_f32_rev");
        exports2.readFloatLE = le ? readFloat_f32_cpy : readFloat_f32_rev;
        exports2.readFloatBE = le ? readFloat_f32_rev : readFloat_f32_cpy;
      })();
      else (function() {
        function writeFloat_ieee754(writeUint, val, buf, pos) {
          var sign = val < 0 ? 1 : 0;
          if (sign)
            val = -val;
          if (val === 0)
            writeUint(1 / val > 0 ? (
              /* positive */
              0
            ) : (
              /* negative 0 */
              2147483648
            ), buf, pos);
          else if (isNaN(val))
            writeUint(2143289344, buf, pos);
          else if (val > 34028234663852886e22)
            writeUint((sign << 31 | 2139095040) >>> 0, buf, pos);
          else if (val < 11754943508222875e-54)
            writeUint((sign << 31 | Math.round(val / 1401298464324817e-60)) >>> 0, buf, pos);
          else {
            var exponent = Math.floor(Math.log(val) / Math.LN2), mantissa = Math.round(val * Math.pow(2, -exponent) * 8388608) & 8388607;
            writeUint((sign << 31 | exponent + 127 << 23 | mantissa) >>> 0, buf, pos);
          }
        }
        __name(writeFloat_ieee754, "writeFloat_ieee754");
        exports2.writeFloatLE = writeFloat_ieee754.bind(null, writeUintLE);
        exports2.writeFloatBE = writeFloat_ieee754.bind(null, writeUintBE);
        function readFloat_ieee754(readUint, buf, pos) {
          var uint = readUint(buf, pos), sign = (uint >> 31) * 2 + 1, exponent = uint >>> 23 & 255, mantissa = uint & 8388607;
          return exponent === 255 ? mantissa ? NaN : sign * Infinity : exponent === 0 ? sign * 1401298464324817e-60 * mantissa : sign * Math.pow(2, exponent - 150) * (mantissa + 8388608);
        }
        __name(readFloat_ieee754, "readFloat_ieee754");
        exports2.readFloatLE = readFloat_ieee754.bind(null, readUintLE);
        exports2.readFloatBE = readFloat_ieee754.bind(null, readUintBE);
      })();
      if (typeof Float64Array !== "undefined") (function() {
        var f64 = new Float64Array([-0]), f8b = new Uint8Array(f64.buffer), le = f8b[7] === 128;
        function writeDouble_f64_cpy(val, buf, pos) {
          f64[0] = val;
          buf[pos] = f8b[0];
          buf[pos + 1] = f8b[1];
          buf[pos + 2] = f8b[2];
          buf[pos + 3] = f8b[3];
          buf[pos + 4] = f8b[4];
          buf[pos + 5] = f8b[5];
          buf[pos + 6] = f8b[6];
          buf[pos + 7] = f8b[7];
        }
        __name(writeDouble_f64_cpy, "writeDouble_f64_cpy");
        function writeDouble_f64_rev(val, buf, pos) {
          f64[0] = val;
          buf[pos] = f8b[7];
          buf[pos + 1] = f8b[6];
          buf[pos + 2] = f8b[5];
          buf[pos + 3] = f8b[4];
          buf[pos + 4] = f8b[3];
          buf[pos + 5] = f8b[2];
          buf[pos + 6] = f8b[1];
          buf[pos + 7] = f8b[0];
        }
        __name(writeDouble_f64_rev, "writeDouble_f64_rev");
        exports2.writeDoubleLE = le ? writeDouble_f64_cpy : writeDouble_f64_rev;
        exports2.writeDoubleBE = le ? writeDouble_f64_rev : writeDouble_f64_cpy;
        function readDouble_f64_cpy(buf, pos) {
          f8b[0] = buf[pos];
          f8b[1] = buf[pos + 1];
          f8b[2] = buf[pos + 2];
          f8b[3] = buf[pos + 3];
          f8b[4] = buf[pos + 4];
          f8b[5] = buf[pos + 5];
          f8b[6] = buf[pos + 6];
          f8b[7] = buf[pos + 7];
          return f64[0];
        }
        __name(readDouble_f64_cpy, "readDouble_f64_cpy");
        function readDouble_f64_rev(buf, pos) {
          f8b[7] = buf[pos];
          f8b[6] = buf[pos + 1];
          f8b[5] = buf[pos + 2];
          f8b[4] = buf[pos + 3];
          f8b[3] = buf[pos + 4];
          f8b[2] = buf[pos + 5];
          f8b[1] = buf[pos + 6];
          f8b[0] = buf[pos + 7];
          return f64[0];
        }
        __name(readDouble_f64_rev, "readDouble_f64_rev");
        exports2.readDoubleLE = le ? readDouble_f64_cpy : readDouble_f64_rev;
        exports2.readDoubleBE = le ? readDouble_f64_rev : readDouble_f64_cpy;
      })();
      else (function() {
        function writeDouble_ieee754(writeUint, off0, off1, val, buf, pos) {
          var sign = val < 0 ? 1 : 0;
          if (sign)
            val = -val;
          if (val === 0) {
            writeUint(0, buf, pos + off0);
            writeUint(1 / val > 0 ? (
              /* positive */
              0
            ) : (
              /* negative 0 */
              2147483648
            ), buf, pos + off1);
          } else if (isNaN(val)) {
            writeUint(0, buf, pos + off0);
            writeUint(2146959360, buf, pos + off1);
          } else if (val > 17976931348623157e292) {
            writeUint(0, buf, pos + off0);
            writeUint((sign << 31 | 2146435072) >>> 0, buf, pos + off1);
          } else {
            var mantissa;
            if (val < 22250738585072014e-324) {
              mantissa = val / 5e-324;
              writeUint(mantissa >>> 0, buf, pos + off0);
              writeUint((sign << 31 | mantissa / 4294967296) >>> 0, buf, pos + off1);
            } else {
              var exponent = Math.floor(Math.log(val) / Math.LN2);
              if (exponent === 1024)
                exponent = 1023;
              mantissa = val * Math.pow(2, -exponent);
              writeUint(mantissa * 4503599627370496 >>> 0, buf, pos + off0);
              writeUint((sign << 31 | exponent + 1023 << 20 | mantissa * 1048576 & 1048575) >>> 0, buf, pos + off1);
            }
          }
        }
        __name(writeDouble_ieee754, "writeDouble_ieee754");
        exports2.writeDoubleLE = writeDouble_ieee754.bind(null, writeUintLE, 0, 4);
        exports2.writeDoubleBE = writeDouble_ieee754.bind(null, writeUintBE, 4, 0);
        function readDouble_ieee754(readUint, off0, off1, buf, pos) {
          var lo = readUint(buf, pos + off0), hi = readUint(buf, pos + off1);
          var sign = (hi >> 31) * 2 + 1, exponent = hi >>> 20 & 2047, mantissa = 4294967296 * (hi & 1048575) + lo;
          return exponent === 2047 ? mantissa ? NaN : sign * Infinity : exponent === 0 ? sign * 5e-324 * mantissa : sign * Math.pow(2, exponent - 1075) * (mantissa + 4503599627370496);
        }
        __name(readDouble_ieee754, "readDouble_ieee754");
        exports2.readDoubleLE = readDouble_ieee754.bind(null, readUintLE, 0, 4);
        exports2.readDoubleBE = readDouble_ieee754.bind(null, readUintBE, 4, 0);
      })();
      return exports2;
    }
    __name(factory, "factory");
    function writeUintLE(val, buf, pos) {
      buf[pos] = val & 255;
      buf[pos + 1] = val >>> 8 & 255;
      buf[pos + 2] = val >>> 16 & 255;
      buf[pos + 3] = val >>> 24;
    }
    __name(writeUintLE, "writeUintLE");
    function writeUintBE(val, buf, pos) {
      buf[pos] = val >>> 24;
      buf[pos + 1] = val >>> 16 & 255;
      buf[pos + 2] = val >>> 8 & 255;
      buf[pos + 3] = val & 255;
    }
    __name(writeUintBE, "writeUintBE");
    function readUintLE(buf, pos) {
      return (buf[pos] | buf[pos + 1] << 8 | buf[pos + 2] << 16 | buf[pos + 3] << 24) >>> 0;
    }
    __name(readUintLE, "readUintLE");
    function readUintBE(buf, pos) {
      return (buf[pos] << 24 | buf[pos + 1] << 16 | buf[pos + 2] << 8 | buf[pos + 3]) >>> 0;
    }
    __name(readUintBE, "readUintBE");
  }
});

// node_modules/protobufjs/src/util/utf8.js
var require_utf8 = __commonJS({
  "node_modules/protobufjs/src/util/utf8.js"(exports) {
    "use strict";
    var utf8 = exports;
    var looseDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
    var strictDecoder;
    var TEXT_DECODER_MIN_LENGTH = 64;
    try {
      strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    } catch (err) {
      strictDecoder = looseDecoder;
    }
    utf8.length = /* @__PURE__ */ __name(function utf8_length(string) {
      var len = 0, c = 0;
      for (var i = 0; i < string.length; ++i) {
        c = string.charCodeAt(i);
        if (c < 128)
          len += 1;
        else if (c < 2048)
          len += 2;
        else if ((c & 64512) === 55296 && (string.charCodeAt(i + 1) & 64512) === 56320) {
          ++i;
          len += 4;
        } else
          len += 3;
      }
      return len;
    }, "utf8_length");
    function utf8_read_decoder(decoder, buffer, start, end) {
      var source = start === 0 && end === buffer.length ? buffer : buffer.subarray(start, end);
      return decoder.decode(source);
    }
    __name(utf8_read_decoder, "utf8_read_decoder");
    utf8.read = /* @__PURE__ */ __name(function utf8_read_loose(buffer, start, end) {
      if (end - start < 1)
        return "";
      if (end - start >= TEXT_DECODER_MIN_LENGTH)
        return utf8_read_decoder(looseDecoder, buffer, start, end);
      var str2 = "", i = start, c1, c2, c3, c4, c5, c6, c7, c8;
      for (; i + 7 < end; i += 8) {
        c1 = buffer[i];
        c2 = buffer[i + 1];
        c3 = buffer[i + 2];
        c4 = buffer[i + 3];
        c5 = buffer[i + 4];
        c6 = buffer[i + 5];
        c7 = buffer[i + 6];
        c8 = buffer[i + 7];
        if ((c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8) & 128)
          return str2 + utf8_read_decoder(looseDecoder, buffer, i, end);
        str2 += String.fromCharCode(c1, c2, c3, c4, c5, c6, c7, c8);
      }
      for (; i < end; ++i) {
        c1 = buffer[i];
        if (c1 & 128)
          return str2 + utf8_read_decoder(looseDecoder, buffer, i, end);
        str2 += String.fromCharCode(c1);
      }
      return str2;
    }, "utf8_read_loose");
    utf8.readStrict = /* @__PURE__ */ __name(function utf8_read_strict(buffer, start, end) {
      if (end - start < 1)
        return "";
      if (end - start >= TEXT_DECODER_MIN_LENGTH)
        return utf8_read_decoder(strictDecoder, buffer, start, end);
      var str2 = "", i = start, c1, c2, c3, c4, c5, c6, c7, c8;
      for (; i + 7 < end; i += 8) {
        c1 = buffer[i];
        c2 = buffer[i + 1];
        c3 = buffer[i + 2];
        c4 = buffer[i + 3];
        c5 = buffer[i + 4];
        c6 = buffer[i + 5];
        c7 = buffer[i + 6];
        c8 = buffer[i + 7];
        if ((c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8) & 128)
          return str2 + utf8_read_decoder(strictDecoder, buffer, i, end);
        str2 += String.fromCharCode(c1, c2, c3, c4, c5, c6, c7, c8);
      }
      for (; i < end; ++i) {
        c1 = buffer[i];
        if (c1 & 128)
          return str2 + utf8_read_decoder(strictDecoder, buffer, i, end);
        str2 += String.fromCharCode(c1);
      }
      return str2;
    }, "utf8_read_strict");
    utf8.write = /* @__PURE__ */ __name(function utf8_write(string, buffer, offset) {
      var start = offset, c1, c2;
      for (var i = 0; i < string.length; ++i) {
        c1 = string.charCodeAt(i);
        if (c1 < 128) {
          buffer[offset++] = c1;
        } else if (c1 < 2048) {
          buffer[offset++] = c1 >> 6 | 192;
          buffer[offset++] = c1 & 63 | 128;
        } else if ((c1 & 64512) === 55296 && ((c2 = string.charCodeAt(i + 1)) & 64512) === 56320) {
          c1 = 65536 + ((c1 & 1023) << 10) + (c2 & 1023);
          ++i;
          buffer[offset++] = c1 >> 18 | 240;
          buffer[offset++] = c1 >> 12 & 63 | 128;
          buffer[offset++] = c1 >> 6 & 63 | 128;
          buffer[offset++] = c1 & 63 | 128;
        } else {
          buffer[offset++] = c1 >> 12 | 224;
          buffer[offset++] = c1 >> 6 & 63 | 128;
          buffer[offset++] = c1 & 63 | 128;
        }
      }
      return offset - start;
    }, "utf8_write");
  }
});

// node_modules/protobufjs/src/util/pool.js
var require_pool = __commonJS({
  "node_modules/protobufjs/src/util/pool.js"(exports, module) {
    "use strict";
    module.exports = pool;
    function pool(alloc, slice, size) {
      var SIZE = size || 8192;
      var MAX = SIZE >>> 1;
      var slab = null;
      var offset = SIZE;
      return /* @__PURE__ */ __name(function pool_alloc(size2) {
        if (size2 < 1 || size2 > MAX)
          return alloc(size2);
        if (offset + size2 > SIZE) {
          slab = alloc(SIZE);
          offset = 0;
        }
        var buf = slice.call(slab, offset, offset += size2);
        if (offset & 7)
          offset = (offset | 7) + 1;
        return buf;
      }, "pool_alloc");
    }
    __name(pool, "pool");
  }
});

// node_modules/protobufjs/src/util/longbits.js
var require_longbits = __commonJS({
  "node_modules/protobufjs/src/util/longbits.js"(exports, module) {
    "use strict";
    module.exports = LongBits;
    var Long;
    function LongBits(lo, hi) {
      this.lo = lo >>> 0;
      this.hi = hi >>> 0;
    }
    __name(LongBits, "LongBits");
    var zero = LongBits.zero = new LongBits(0, 0);
    zero.toNumber = function() {
      return 0;
    };
    zero.zzEncode = zero.zzDecode = function() {
      return this;
    };
    zero.length = function() {
      return 1;
    };
    var zeroHash = LongBits.zeroHash = "\0\0\0\0\0\0\0\0";
    LongBits.fromNumber = /* @__PURE__ */ __name(function fromNumber(value) {
      if (value === 0)
        return zero;
      var sign = value < 0;
      if (sign)
        value = -value;
      var lo = value >>> 0, hi = (value - lo) / 4294967296 >>> 0;
      if (sign) {
        hi = ~hi >>> 0;
        lo = ~lo >>> 0;
        if (++lo > 4294967295) {
          lo = 0;
          if (++hi > 4294967295)
            hi = 0;
        }
      }
      return new LongBits(lo, hi);
    }, "fromNumber");
    LongBits.from = /* @__PURE__ */ __name(function from(value) {
      if (typeof value === "number")
        return LongBits.fromNumber(value);
      if (typeof value === "string" || value instanceof String) {
        if (Long)
          value = Long.fromString(value);
        else
          return LongBits.fromNumber(parseInt(value, 10));
      }
      return value.low || value.high ? new LongBits(value.low >>> 0, value.high >>> 0) : zero;
    }, "from");
    LongBits.prototype.toNumber = /* @__PURE__ */ __name(function toNumber(unsigned) {
      if (!unsigned && this.hi >>> 31) {
        var lo = ~this.lo + 1 >>> 0, hi = ~this.hi >>> 0;
        if (!lo)
          hi = hi + 1 >>> 0;
        return -(lo + hi * 4294967296);
      }
      return this.lo + this.hi * 4294967296;
    }, "toNumber");
    LongBits.prototype.toLong = /* @__PURE__ */ __name(function toLong(unsigned) {
      return Long ? new Long(this.lo | 0, this.hi | 0, Boolean(unsigned)) : { low: this.lo | 0, high: this.hi | 0, unsigned: Boolean(unsigned) };
    }, "toLong");
    var charCodeAt = String.prototype.charCodeAt;
    LongBits.fromHash = /* @__PURE__ */ __name(function fromHash(hash) {
      if (hash === zeroHash)
        return zero;
      return new LongBits(
        (charCodeAt.call(hash, 0) | charCodeAt.call(hash, 1) << 8 | charCodeAt.call(hash, 2) << 16 | charCodeAt.call(hash, 3) << 24) >>> 0,
        (charCodeAt.call(hash, 4) | charCodeAt.call(hash, 5) << 8 | charCodeAt.call(hash, 6) << 16 | charCodeAt.call(hash, 7) << 24) >>> 0
      );
    }, "fromHash");
    LongBits.prototype.toHash = /* @__PURE__ */ __name(function toHash() {
      return String.fromCharCode(
        this.lo & 255,
        this.lo >>> 8 & 255,
        this.lo >>> 16 & 255,
        this.lo >>> 24,
        this.hi & 255,
        this.hi >>> 8 & 255,
        this.hi >>> 16 & 255,
        this.hi >>> 24
      );
    }, "toHash");
    LongBits.prototype.zzEncode = /* @__PURE__ */ __name(function zzEncode() {
      var mask = this.hi >> 31;
      this.hi = ((this.hi << 1 | this.lo >>> 31) ^ mask) >>> 0;
      this.lo = (this.lo << 1 ^ mask) >>> 0;
      return this;
    }, "zzEncode");
    LongBits.prototype.zzDecode = /* @__PURE__ */ __name(function zzDecode() {
      var mask = -(this.lo & 1);
      this.lo = ((this.lo >>> 1 | this.hi << 31) ^ mask) >>> 0;
      this.hi = (this.hi >>> 1 ^ mask) >>> 0;
      return this;
    }, "zzDecode");
    LongBits.prototype.length = /* @__PURE__ */ __name(function length() {
      var part0 = this.lo, part1 = (this.lo >>> 28 | this.hi << 4) >>> 0, part2 = this.hi >>> 24;
      return part2 === 0 ? part1 === 0 ? part0 < 16384 ? part0 < 128 ? 1 : 2 : part0 < 2097152 ? 3 : 4 : part1 < 16384 ? part1 < 128 ? 5 : 6 : part1 < 2097152 ? 7 : 8 : part2 < 128 ? 9 : 10;
    }, "length");
    LongBits._configure = function(Long_) {
      Long = Long_;
    };
  }
});

// node_modules/long/umd/index.js
var require_umd = __commonJS({
  "node_modules/long/umd/index.js"(exports, module) {
    "use strict";
    (function(global2, factory) {
      function preferDefault(exports2) {
        return exports2.default || exports2;
      }
      __name(preferDefault, "preferDefault");
      if (typeof define === "function" && define.amd) {
        define([], function() {
          var exports2 = {};
          factory(exports2);
          return preferDefault(exports2);
        });
      } else if (typeof exports === "object") {
        factory(exports);
        if (typeof module === "object") module.exports = preferDefault(exports);
      } else {
        (function() {
          var exports2 = {};
          factory(exports2);
          global2.Long = preferDefault(exports2);
        })();
      }
    })(
      typeof globalThis !== "undefined" ? globalThis : typeof self !== "undefined" ? self : exports,
      function(_exports) {
        "use strict";
        Object.defineProperty(_exports, "__esModule", {
          value: true
        });
        _exports.default = void 0;
        var wasm = null;
        try {
          wasm = new WebAssembly.Instance(
            new WebAssembly.Module(
              new Uint8Array([
                // \0asm
                0,
                97,
                115,
                109,
                // version 1
                1,
                0,
                0,
                0,
                // section "type"
                1,
                13,
                2,
                // 0, () => i32
                96,
                0,
                1,
                127,
                // 1, (i32, i32, i32, i32) => i32
                96,
                4,
                127,
                127,
                127,
                127,
                1,
                127,
                // section "function"
                3,
                7,
                6,
                // 0, type 0
                0,
                // 1, type 1
                1,
                // 2, type 1
                1,
                // 3, type 1
                1,
                // 4, type 1
                1,
                // 5, type 1
                1,
                // section "global"
                6,
                6,
                1,
                // 0, "high", mutable i32
                127,
                1,
                65,
                0,
                11,
                // section "export"
                7,
                50,
                6,
                // 0, "mul"
                3,
                109,
                117,
                108,
                0,
                1,
                // 1, "div_s"
                5,
                100,
                105,
                118,
                95,
                115,
                0,
                2,
                // 2, "div_u"
                5,
                100,
                105,
                118,
                95,
                117,
                0,
                3,
                // 3, "rem_s"
                5,
                114,
                101,
                109,
                95,
                115,
                0,
                4,
                // 4, "rem_u"
                5,
                114,
                101,
                109,
                95,
                117,
                0,
                5,
                // 5, "get_high"
                8,
                103,
                101,
                116,
                95,
                104,
                105,
                103,
                104,
                0,
                0,
                // section "code"
                10,
                191,
                1,
                6,
                // 0, "get_high"
                4,
                0,
                35,
                0,
                11,
                // 1, "mul"
                36,
                1,
                1,
                126,
                32,
                0,
                173,
                32,
                1,
                173,
                66,
                32,
                134,
                132,
                32,
                2,
                173,
                32,
                3,
                173,
                66,
                32,
                134,
                132,
                126,
                34,
                4,
                66,
                32,
                135,
                167,
                36,
                0,
                32,
                4,
                167,
                11,
                // 2, "div_s"
                36,
                1,
                1,
                126,
                32,
                0,
                173,
                32,
                1,
                173,
                66,
                32,
                134,
                132,
                32,
                2,
                173,
                32,
                3,
                173,
                66,
                32,
                134,
                132,
                127,
                34,
                4,
                66,
                32,
                135,
                167,
                36,
                0,
                32,
                4,
                167,
                11,
                // 3, "div_u"
                36,
                1,
                1,
                126,
                32,
                0,
                173,
                32,
                1,
                173,
                66,
                32,
                134,
                132,
                32,
                2,
                173,
                32,
                3,
                173,
                66,
                32,
                134,
                132,
                128,
                34,
                4,
                66,
                32,
                135,
                167,
                36,
                0,
                32,
                4,
                167,
                11,
                // 4, "rem_s"
                36,
                1,
                1,
                126,
                32,
                0,
                173,
                32,
                1,
                173,
                66,
                32,
                134,
                132,
                32,
                2,
                173,
                32,
                3,
                173,
                66,
                32,
                134,
                132,
                129,
                34,
                4,
                66,
                32,
                135,
                167,
                36,
                0,
                32,
                4,
                167,
                11,
                // 5, "rem_u"
                36,
                1,
                1,
                126,
                32,
                0,
                173,
                32,
                1,
                173,
                66,
                32,
                134,
                132,
                32,
                2,
                173,
                32,
                3,
                173,
                66,
                32,
                134,
                132,
                130,
                34,
                4,
                66,
                32,
                135,
                167,
                36,
                0,
                32,
                4,
                167,
                11
              ])
            ),
            {}
          ).exports;
        } catch {
        }
        function Long(low, high, unsigned) {
          this.low = low | 0;
          this.high = high | 0;
          this.unsigned = !!unsigned;
        }
        __name(Long, "Long");
        Long.prototype.__isLong__;
        Object.defineProperty(Long.prototype, "__isLong__", {
          value: true
        });
        function isLong(obj) {
          return (obj && obj["__isLong__"]) === true;
        }
        __name(isLong, "isLong");
        function ctz32(value) {
          var c = Math.clz32(value & -value);
          return value ? 31 - c : c;
        }
        __name(ctz32, "ctz32");
        Long.isLong = isLong;
        var INT_CACHE = {};
        var UINT_CACHE = {};
        function fromInt(value, unsigned) {
          var obj, cachedObj, cache;
          if (unsigned) {
            value >>>= 0;
            if (cache = 0 <= value && value < 256) {
              cachedObj = UINT_CACHE[value];
              if (cachedObj) return cachedObj;
            }
            obj = fromBits(value, 0, true);
            if (cache) UINT_CACHE[value] = obj;
            return obj;
          } else {
            value |= 0;
            if (cache = -128 <= value && value < 128) {
              cachedObj = INT_CACHE[value];
              if (cachedObj) return cachedObj;
            }
            obj = fromBits(value, value < 0 ? -1 : 0, false);
            if (cache) INT_CACHE[value] = obj;
            return obj;
          }
        }
        __name(fromInt, "fromInt");
        Long.fromInt = fromInt;
        function fromNumber(value, unsigned) {
          if (isNaN(value)) return unsigned ? UZERO : ZERO;
          if (unsigned) {
            if (value < 0) return UZERO;
            if (value >= TWO_PWR_64_DBL) return MAX_UNSIGNED_VALUE;
          } else {
            if (value <= -TWO_PWR_63_DBL) return MIN_VALUE;
            if (value + 1 >= TWO_PWR_63_DBL) return MAX_VALUE;
          }
          if (value < 0) return fromNumber(-value, unsigned).neg();
          return fromBits(
            value % TWO_PWR_32_DBL | 0,
            value / TWO_PWR_32_DBL | 0,
            unsigned
          );
        }
        __name(fromNumber, "fromNumber");
        Long.fromNumber = fromNumber;
        function fromBits(lowBits, highBits, unsigned) {
          return new Long(lowBits, highBits, unsigned);
        }
        __name(fromBits, "fromBits");
        Long.fromBits = fromBits;
        var pow_dbl = Math.pow;
        function fromString(str2, unsigned, radix) {
          if (str2.length === 0) throw Error("empty string");
          if (typeof unsigned === "number") {
            radix = unsigned;
            unsigned = false;
          } else {
            unsigned = !!unsigned;
          }
          if (str2 === "NaN" || str2 === "Infinity" || str2 === "+Infinity" || str2 === "-Infinity")
            return unsigned ? UZERO : ZERO;
          radix = radix || 10;
          if (radix < 2 || 36 < radix) throw RangeError("radix");
          var p;
          if ((p = str2.indexOf("-")) > 0) throw Error("interior hyphen");
          else if (p === 0) {
            return fromString(str2.substring(1), unsigned, radix).neg();
          }
          var radixToPower = fromNumber(pow_dbl(radix, 8));
          var result = ZERO;
          for (var i = 0; i < str2.length; i += 8) {
            var size = Math.min(8, str2.length - i), value = parseInt(str2.substring(i, i + size), radix);
            if (size < 8) {
              var power = fromNumber(pow_dbl(radix, size));
              result = result.mul(power).add(fromNumber(value));
            } else {
              result = result.mul(radixToPower);
              result = result.add(fromNumber(value));
            }
          }
          result.unsigned = unsigned;
          return result;
        }
        __name(fromString, "fromString");
        Long.fromString = fromString;
        function fromValue(val, unsigned) {
          if (typeof val === "number") return fromNumber(val, unsigned);
          if (typeof val === "string") return fromString(val, unsigned);
          return fromBits(
            val.low,
            val.high,
            typeof unsigned === "boolean" ? unsigned : val.unsigned
          );
        }
        __name(fromValue, "fromValue");
        Long.fromValue = fromValue;
        var TWO_PWR_16_DBL = 1 << 16;
        var TWO_PWR_24_DBL = 1 << 24;
        var TWO_PWR_32_DBL = TWO_PWR_16_DBL * TWO_PWR_16_DBL;
        var TWO_PWR_64_DBL = TWO_PWR_32_DBL * TWO_PWR_32_DBL;
        var TWO_PWR_63_DBL = TWO_PWR_64_DBL / 2;
        var TWO_PWR_24 = fromInt(TWO_PWR_24_DBL);
        var ZERO = fromInt(0);
        Long.ZERO = ZERO;
        var UZERO = fromInt(0, true);
        Long.UZERO = UZERO;
        var ONE = fromInt(1);
        Long.ONE = ONE;
        var UONE = fromInt(1, true);
        Long.UONE = UONE;
        var NEG_ONE = fromInt(-1);
        Long.NEG_ONE = NEG_ONE;
        var MAX_VALUE = fromBits(4294967295 | 0, 2147483647 | 0, false);
        Long.MAX_VALUE = MAX_VALUE;
        var MAX_UNSIGNED_VALUE = fromBits(4294967295 | 0, 4294967295 | 0, true);
        Long.MAX_UNSIGNED_VALUE = MAX_UNSIGNED_VALUE;
        var MIN_VALUE = fromBits(0, 2147483648 | 0, false);
        Long.MIN_VALUE = MIN_VALUE;
        var LongPrototype = Long.prototype;
        LongPrototype.toInt = /* @__PURE__ */ __name(function toInt() {
          return this.unsigned ? this.low >>> 0 : this.low;
        }, "toInt");
        LongPrototype.toNumber = /* @__PURE__ */ __name(function toNumber() {
          if (this.unsigned)
            return (this.high >>> 0) * TWO_PWR_32_DBL + (this.low >>> 0);
          return this.high * TWO_PWR_32_DBL + (this.low >>> 0);
        }, "toNumber");
        LongPrototype.toString = /* @__PURE__ */ __name(function toString(radix) {
          radix = radix || 10;
          if (radix < 2 || 36 < radix) throw RangeError("radix");
          if (this.isZero()) return "0";
          if (this.isNegative()) {
            if (this.eq(MIN_VALUE)) {
              var radixLong = fromNumber(radix), div = this.div(radixLong), rem1 = div.mul(radixLong).sub(this);
              return div.toString(radix) + rem1.toInt().toString(radix);
            } else return "-" + this.neg().toString(radix);
          }
          var radixToPower = fromNumber(pow_dbl(radix, 6), this.unsigned), rem = this;
          var result = "";
          while (true) {
            var remDiv = rem.div(radixToPower), intval = rem.sub(remDiv.mul(radixToPower)).toInt() >>> 0, digits = intval.toString(radix);
            rem = remDiv;
            if (rem.isZero()) return digits + result;
            else {
              while (digits.length < 6) digits = "0" + digits;
              result = "" + digits + result;
            }
          }
        }, "toString");
        LongPrototype.getHighBits = /* @__PURE__ */ __name(function getHighBits() {
          return this.high;
        }, "getHighBits");
        LongPrototype.getHighBitsUnsigned = /* @__PURE__ */ __name(function getHighBitsUnsigned() {
          return this.high >>> 0;
        }, "getHighBitsUnsigned");
        LongPrototype.getLowBits = /* @__PURE__ */ __name(function getLowBits() {
          return this.low;
        }, "getLowBits");
        LongPrototype.getLowBitsUnsigned = /* @__PURE__ */ __name(function getLowBitsUnsigned() {
          return this.low >>> 0;
        }, "getLowBitsUnsigned");
        LongPrototype.getNumBitsAbs = /* @__PURE__ */ __name(function getNumBitsAbs() {
          if (this.isNegative())
            return this.eq(MIN_VALUE) ? 64 : this.neg().getNumBitsAbs();
          var val = this.high != 0 ? this.high : this.low;
          for (var bit = 31; bit > 0; bit--) if ((val & 1 << bit) != 0) break;
          return this.high != 0 ? bit + 33 : bit + 1;
        }, "getNumBitsAbs");
        LongPrototype.isSafeInteger = /* @__PURE__ */ __name(function isSafeInteger() {
          var top11Bits = this.high >> 21;
          if (!top11Bits) return true;
          if (this.unsigned) return false;
          return top11Bits === -1 && !(this.low === 0 && this.high === -2097152);
        }, "isSafeInteger");
        LongPrototype.isZero = /* @__PURE__ */ __name(function isZero() {
          return this.high === 0 && this.low === 0;
        }, "isZero");
        LongPrototype.eqz = LongPrototype.isZero;
        LongPrototype.isNegative = /* @__PURE__ */ __name(function isNegative() {
          return !this.unsigned && this.high < 0;
        }, "isNegative");
        LongPrototype.isPositive = /* @__PURE__ */ __name(function isPositive() {
          return this.unsigned || this.high >= 0;
        }, "isPositive");
        LongPrototype.isOdd = /* @__PURE__ */ __name(function isOdd() {
          return (this.low & 1) === 1;
        }, "isOdd");
        LongPrototype.isEven = /* @__PURE__ */ __name(function isEven() {
          return (this.low & 1) === 0;
        }, "isEven");
        LongPrototype.equals = /* @__PURE__ */ __name(function equals(other) {
          if (!isLong(other)) other = fromValue(other);
          if (this.unsigned !== other.unsigned && this.high >>> 31 === 1 && other.high >>> 31 === 1)
            return false;
          return this.high === other.high && this.low === other.low;
        }, "equals");
        LongPrototype.eq = LongPrototype.equals;
        LongPrototype.notEquals = /* @__PURE__ */ __name(function notEquals(other) {
          return !this.eq(
            /* validates */
            other
          );
        }, "notEquals");
        LongPrototype.neq = LongPrototype.notEquals;
        LongPrototype.ne = LongPrototype.notEquals;
        LongPrototype.lessThan = /* @__PURE__ */ __name(function lessThan(other) {
          return this.comp(
            /* validates */
            other
          ) < 0;
        }, "lessThan");
        LongPrototype.lt = LongPrototype.lessThan;
        LongPrototype.lessThanOrEqual = /* @__PURE__ */ __name(function lessThanOrEqual(other) {
          return this.comp(
            /* validates */
            other
          ) <= 0;
        }, "lessThanOrEqual");
        LongPrototype.lte = LongPrototype.lessThanOrEqual;
        LongPrototype.le = LongPrototype.lessThanOrEqual;
        LongPrototype.greaterThan = /* @__PURE__ */ __name(function greaterThan(other) {
          return this.comp(
            /* validates */
            other
          ) > 0;
        }, "greaterThan");
        LongPrototype.gt = LongPrototype.greaterThan;
        LongPrototype.greaterThanOrEqual = /* @__PURE__ */ __name(function greaterThanOrEqual(other) {
          return this.comp(
            /* validates */
            other
          ) >= 0;
        }, "greaterThanOrEqual");
        LongPrototype.gte = LongPrototype.greaterThanOrEqual;
        LongPrototype.ge = LongPrototype.greaterThanOrEqual;
        LongPrototype.compare = /* @__PURE__ */ __name(function compare(other) {
          if (!isLong(other)) other = fromValue(other);
          if (this.eq(other)) return 0;
          var thisNeg = this.isNegative(), otherNeg = other.isNegative();
          if (thisNeg && !otherNeg) return -1;
          if (!thisNeg && otherNeg) return 1;
          if (!this.unsigned) return this.sub(other).isNegative() ? -1 : 1;
          return other.high >>> 0 > this.high >>> 0 || other.high === this.high && other.low >>> 0 > this.low >>> 0 ? -1 : 1;
        }, "compare");
        LongPrototype.comp = LongPrototype.compare;
        LongPrototype.negate = /* @__PURE__ */ __name(function negate() {
          if (!this.unsigned && this.eq(MIN_VALUE)) return MIN_VALUE;
          return this.not().add(ONE);
        }, "negate");
        LongPrototype.neg = LongPrototype.negate;
        LongPrototype.add = /* @__PURE__ */ __name(function add(addend) {
          if (!isLong(addend)) addend = fromValue(addend);
          var a48 = this.high >>> 16;
          var a32 = this.high & 65535;
          var a16 = this.low >>> 16;
          var a00 = this.low & 65535;
          var b48 = addend.high >>> 16;
          var b32 = addend.high & 65535;
          var b16 = addend.low >>> 16;
          var b00 = addend.low & 65535;
          var c48 = 0, c32 = 0, c16 = 0, c00 = 0;
          c00 += a00 + b00;
          c16 += c00 >>> 16;
          c00 &= 65535;
          c16 += a16 + b16;
          c32 += c16 >>> 16;
          c16 &= 65535;
          c32 += a32 + b32;
          c48 += c32 >>> 16;
          c32 &= 65535;
          c48 += a48 + b48;
          c48 &= 65535;
          return fromBits(c16 << 16 | c00, c48 << 16 | c32, this.unsigned);
        }, "add");
        LongPrototype.subtract = /* @__PURE__ */ __name(function subtract(subtrahend) {
          if (!isLong(subtrahend)) subtrahend = fromValue(subtrahend);
          return this.add(subtrahend.neg());
        }, "subtract");
        LongPrototype.sub = LongPrototype.subtract;
        LongPrototype.multiply = /* @__PURE__ */ __name(function multiply(multiplier) {
          if (this.isZero()) return this;
          if (!isLong(multiplier)) multiplier = fromValue(multiplier);
          if (wasm) {
            var low = wasm["mul"](
              this.low,
              this.high,
              multiplier.low,
              multiplier.high
            );
            return fromBits(low, wasm["get_high"](), this.unsigned);
          }
          if (multiplier.isZero()) return this.unsigned ? UZERO : ZERO;
          if (this.eq(MIN_VALUE)) return multiplier.isOdd() ? MIN_VALUE : ZERO;
          if (multiplier.eq(MIN_VALUE)) return this.isOdd() ? MIN_VALUE : ZERO;
          if (this.isNegative()) {
            if (multiplier.isNegative()) return this.neg().mul(multiplier.neg());
            else return this.neg().mul(multiplier).neg();
          } else if (multiplier.isNegative())
            return this.mul(multiplier.neg()).neg();
          if (this.lt(TWO_PWR_24) && multiplier.lt(TWO_PWR_24))
            return fromNumber(
              this.toNumber() * multiplier.toNumber(),
              this.unsigned
            );
          var a48 = this.high >>> 16;
          var a32 = this.high & 65535;
          var a16 = this.low >>> 16;
          var a00 = this.low & 65535;
          var b48 = multiplier.high >>> 16;
          var b32 = multiplier.high & 65535;
          var b16 = multiplier.low >>> 16;
          var b00 = multiplier.low & 65535;
          var c48 = 0, c32 = 0, c16 = 0, c00 = 0;
          c00 += a00 * b00;
          c16 += c00 >>> 16;
          c00 &= 65535;
          c16 += a16 * b00;
          c32 += c16 >>> 16;
          c16 &= 65535;
          c16 += a00 * b16;
          c32 += c16 >>> 16;
          c16 &= 65535;
          c32 += a32 * b00;
          c48 += c32 >>> 16;
          c32 &= 65535;
          c32 += a16 * b16;
          c48 += c32 >>> 16;
          c32 &= 65535;
          c32 += a00 * b32;
          c48 += c32 >>> 16;
          c32 &= 65535;
          c48 += a48 * b00 + a32 * b16 + a16 * b32 + a00 * b48;
          c48 &= 65535;
          return fromBits(c16 << 16 | c00, c48 << 16 | c32, this.unsigned);
        }, "multiply");
        LongPrototype.mul = LongPrototype.multiply;
        LongPrototype.divide = /* @__PURE__ */ __name(function divide(divisor) {
          if (!isLong(divisor)) divisor = fromValue(divisor);
          if (divisor.isZero()) throw Error("division by zero");
          if (wasm) {
            if (!this.unsigned && this.high === -2147483648 && divisor.low === -1 && divisor.high === -1) {
              return this;
            }
            var low = (this.unsigned ? wasm["div_u"] : wasm["div_s"])(
              this.low,
              this.high,
              divisor.low,
              divisor.high
            );
            return fromBits(low, wasm["get_high"](), this.unsigned);
          }
          if (this.isZero()) return this.unsigned ? UZERO : ZERO;
          var approx, rem, res;
          if (!this.unsigned) {
            if (this.eq(MIN_VALUE)) {
              if (divisor.eq(ONE) || divisor.eq(NEG_ONE))
                return MIN_VALUE;
              else if (divisor.eq(MIN_VALUE)) return ONE;
              else {
                var halfThis = this.shr(1);
                approx = halfThis.div(divisor).shl(1);
                if (approx.eq(ZERO)) {
                  return divisor.isNegative() ? ONE : NEG_ONE;
                } else {
                  rem = this.sub(divisor.mul(approx));
                  res = approx.add(rem.div(divisor));
                  return res;
                }
              }
            } else if (divisor.eq(MIN_VALUE)) return this.unsigned ? UZERO : ZERO;
            if (this.isNegative()) {
              if (divisor.isNegative()) return this.neg().div(divisor.neg());
              return this.neg().div(divisor).neg();
            } else if (divisor.isNegative()) return this.div(divisor.neg()).neg();
            res = ZERO;
          } else {
            if (!divisor.unsigned) divisor = divisor.toUnsigned();
            if (divisor.gt(this)) return UZERO;
            if (divisor.gt(this.shru(1)))
              return UONE;
            res = UZERO;
          }
          rem = this;
          while (rem.gte(divisor)) {
            approx = Math.max(1, Math.floor(rem.toNumber() / divisor.toNumber()));
            var log2 = Math.ceil(Math.log(approx) / Math.LN2), delta = log2 <= 48 ? 1 : pow_dbl(2, log2 - 48), approxRes = fromNumber(approx), approxRem = approxRes.mul(divisor);
            while (approxRem.isNegative() || approxRem.gt(rem)) {
              approx -= delta;
              approxRes = fromNumber(approx, this.unsigned);
              approxRem = approxRes.mul(divisor);
            }
            if (approxRes.isZero()) approxRes = ONE;
            res = res.add(approxRes);
            rem = rem.sub(approxRem);
          }
          return res;
        }, "divide");
        LongPrototype.div = LongPrototype.divide;
        LongPrototype.modulo = /* @__PURE__ */ __name(function modulo(divisor) {
          if (!isLong(divisor)) divisor = fromValue(divisor);
          if (wasm) {
            var low = (this.unsigned ? wasm["rem_u"] : wasm["rem_s"])(
              this.low,
              this.high,
              divisor.low,
              divisor.high
            );
            return fromBits(low, wasm["get_high"](), this.unsigned);
          }
          return this.sub(this.div(divisor).mul(divisor));
        }, "modulo");
        LongPrototype.mod = LongPrototype.modulo;
        LongPrototype.rem = LongPrototype.modulo;
        LongPrototype.not = /* @__PURE__ */ __name(function not() {
          return fromBits(~this.low, ~this.high, this.unsigned);
        }, "not");
        LongPrototype.countLeadingZeros = /* @__PURE__ */ __name(function countLeadingZeros() {
          return this.high ? Math.clz32(this.high) : Math.clz32(this.low) + 32;
        }, "countLeadingZeros");
        LongPrototype.clz = LongPrototype.countLeadingZeros;
        LongPrototype.countTrailingZeros = /* @__PURE__ */ __name(function countTrailingZeros() {
          return this.low ? ctz32(this.low) : ctz32(this.high) + 32;
        }, "countTrailingZeros");
        LongPrototype.ctz = LongPrototype.countTrailingZeros;
        LongPrototype.and = /* @__PURE__ */ __name(function and(other) {
          if (!isLong(other)) other = fromValue(other);
          return fromBits(
            this.low & other.low,
            this.high & other.high,
            this.unsigned
          );
        }, "and");
        LongPrototype.or = /* @__PURE__ */ __name(function or(other) {
          if (!isLong(other)) other = fromValue(other);
          return fromBits(
            this.low | other.low,
            this.high | other.high,
            this.unsigned
          );
        }, "or");
        LongPrototype.xor = /* @__PURE__ */ __name(function xor(other) {
          if (!isLong(other)) other = fromValue(other);
          return fromBits(
            this.low ^ other.low,
            this.high ^ other.high,
            this.unsigned
          );
        }, "xor");
        LongPrototype.shiftLeft = /* @__PURE__ */ __name(function shiftLeft(numBits) {
          if (isLong(numBits)) numBits = numBits.toInt();
          if ((numBits &= 63) === 0) return this;
          else if (numBits < 32)
            return fromBits(
              this.low << numBits,
              this.high << numBits | this.low >>> 32 - numBits,
              this.unsigned
            );
          else return fromBits(0, this.low << numBits - 32, this.unsigned);
        }, "shiftLeft");
        LongPrototype.shl = LongPrototype.shiftLeft;
        LongPrototype.shiftRight = /* @__PURE__ */ __name(function shiftRight(numBits) {
          if (isLong(numBits)) numBits = numBits.toInt();
          if ((numBits &= 63) === 0) return this;
          else if (numBits < 32)
            return fromBits(
              this.low >>> numBits | this.high << 32 - numBits,
              this.high >> numBits,
              this.unsigned
            );
          else
            return fromBits(
              this.high >> numBits - 32,
              this.high >= 0 ? 0 : -1,
              this.unsigned
            );
        }, "shiftRight");
        LongPrototype.shr = LongPrototype.shiftRight;
        LongPrototype.shiftRightUnsigned = /* @__PURE__ */ __name(function shiftRightUnsigned(numBits) {
          if (isLong(numBits)) numBits = numBits.toInt();
          if ((numBits &= 63) === 0) return this;
          if (numBits < 32)
            return fromBits(
              this.low >>> numBits | this.high << 32 - numBits,
              this.high >>> numBits,
              this.unsigned
            );
          if (numBits === 32) return fromBits(this.high, 0, this.unsigned);
          return fromBits(this.high >>> numBits - 32, 0, this.unsigned);
        }, "shiftRightUnsigned");
        LongPrototype.shru = LongPrototype.shiftRightUnsigned;
        LongPrototype.shr_u = LongPrototype.shiftRightUnsigned;
        LongPrototype.rotateLeft = /* @__PURE__ */ __name(function rotateLeft(numBits) {
          var b;
          if (isLong(numBits)) numBits = numBits.toInt();
          if ((numBits &= 63) === 0) return this;
          if (numBits === 32) return fromBits(this.high, this.low, this.unsigned);
          if (numBits < 32) {
            b = 32 - numBits;
            return fromBits(
              this.low << numBits | this.high >>> b,
              this.high << numBits | this.low >>> b,
              this.unsigned
            );
          }
          numBits -= 32;
          b = 32 - numBits;
          return fromBits(
            this.high << numBits | this.low >>> b,
            this.low << numBits | this.high >>> b,
            this.unsigned
          );
        }, "rotateLeft");
        LongPrototype.rotl = LongPrototype.rotateLeft;
        LongPrototype.rotateRight = /* @__PURE__ */ __name(function rotateRight(numBits) {
          var b;
          if (isLong(numBits)) numBits = numBits.toInt();
          if ((numBits &= 63) === 0) return this;
          if (numBits === 32) return fromBits(this.high, this.low, this.unsigned);
          if (numBits < 32) {
            b = 32 - numBits;
            return fromBits(
              this.high << b | this.low >>> numBits,
              this.low << b | this.high >>> numBits,
              this.unsigned
            );
          }
          numBits -= 32;
          b = 32 - numBits;
          return fromBits(
            this.low << b | this.high >>> numBits,
            this.high << b | this.low >>> numBits,
            this.unsigned
          );
        }, "rotateRight");
        LongPrototype.rotr = LongPrototype.rotateRight;
        LongPrototype.toSigned = /* @__PURE__ */ __name(function toSigned() {
          if (!this.unsigned) return this;
          return fromBits(this.low, this.high, false);
        }, "toSigned");
        LongPrototype.toUnsigned = /* @__PURE__ */ __name(function toUnsigned() {
          if (this.unsigned) return this;
          return fromBits(this.low, this.high, true);
        }, "toUnsigned");
        LongPrototype.toBytes = /* @__PURE__ */ __name(function toBytes(le) {
          return le ? this.toBytesLE() : this.toBytesBE();
        }, "toBytes");
        LongPrototype.toBytesLE = /* @__PURE__ */ __name(function toBytesLE() {
          var hi = this.high, lo = this.low;
          return [
            lo & 255,
            lo >>> 8 & 255,
            lo >>> 16 & 255,
            lo >>> 24,
            hi & 255,
            hi >>> 8 & 255,
            hi >>> 16 & 255,
            hi >>> 24
          ];
        }, "toBytesLE");
        LongPrototype.toBytesBE = /* @__PURE__ */ __name(function toBytesBE() {
          var hi = this.high, lo = this.low;
          return [
            hi >>> 24,
            hi >>> 16 & 255,
            hi >>> 8 & 255,
            hi & 255,
            lo >>> 24,
            lo >>> 16 & 255,
            lo >>> 8 & 255,
            lo & 255
          ];
        }, "toBytesBE");
        Long.fromBytes = /* @__PURE__ */ __name(function fromBytes(bytes, unsigned, le) {
          return le ? Long.fromBytesLE(bytes, unsigned) : Long.fromBytesBE(bytes, unsigned);
        }, "fromBytes");
        Long.fromBytesLE = /* @__PURE__ */ __name(function fromBytesLE(bytes, unsigned) {
          return new Long(
            bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24,
            bytes[4] | bytes[5] << 8 | bytes[6] << 16 | bytes[7] << 24,
            unsigned
          );
        }, "fromBytesLE");
        Long.fromBytesBE = /* @__PURE__ */ __name(function fromBytesBE(bytes, unsigned) {
          return new Long(
            bytes[4] << 24 | bytes[5] << 16 | bytes[6] << 8 | bytes[7],
            bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3],
            unsigned
          );
        }, "fromBytesBE");
        if (typeof BigInt === "function") {
          Long.fromBigInt = /* @__PURE__ */ __name(function fromBigInt(value, unsigned) {
            var lowBits = Number(BigInt.asIntN(32, value));
            var highBits = Number(BigInt.asIntN(32, value >> BigInt(32)));
            return fromBits(lowBits, highBits, unsigned);
          }, "fromBigInt");
          Long.fromValue = /* @__PURE__ */ __name(function fromValueWithBigInt(value, unsigned) {
            if (typeof value === "bigint") return Long.fromBigInt(value, unsigned);
            return fromValue(value, unsigned);
          }, "fromValueWithBigInt");
          LongPrototype.toBigInt = /* @__PURE__ */ __name(function toBigInt() {
            var lowBigInt = BigInt(this.low >>> 0);
            var highBigInt = BigInt(this.unsigned ? this.high >>> 0 : this.high);
            return highBigInt << BigInt(32) | lowBigInt;
          }, "toBigInt");
        }
        var _default = _exports.default = Long;
      }
    );
  }
});

// node_modules/protobufjs/src/util/minimal.js
var require_minimal = __commonJS({
  "node_modules/protobufjs/src/util/minimal.js"(exports) {
    "use strict";
    var util = exports;
    util.asPromise = require_aspromise();
    util.base64 = require_base64();
    util.EventEmitter = require_eventemitter();
    util.float = require_float();
    util.utf8 = require_utf8();
    util.pool = require_pool();
    util.LongBits = require_longbits();
    function isUnsafeProperty(key) {
      return key === "__proto__" || key === "prototype" || key === "constructor";
    }
    __name(isUnsafeProperty, "isUnsafeProperty");
    util.isUnsafeProperty = isUnsafeProperty;
    util.isNode = Boolean(typeof global !== "undefined" && global && global.process && global.process.versions && global.process.versions.node);
    util.global = util.isNode && global || typeof window !== "undefined" && window || typeof self !== "undefined" && self || typeof globalThis !== "undefined" && globalThis || exports;
    util.emptyArray = Object.freeze ? Object.freeze([]) : (
      /* istanbul ignore next */
      []
    );
    util.emptyObject = Object.freeze ? Object.freeze({}) : (
      /* istanbul ignore next */
      {}
    );
    util.isInteger = Number.isInteger || /* istanbul ignore next */
    /* @__PURE__ */ __name(function isInteger(value) {
      return typeof value === "number" && isFinite(value) && Math.floor(value) === value;
    }, "isInteger");
    util.isString = /* @__PURE__ */ __name(function isString(value) {
      return typeof value === "string" || value instanceof String;
    }, "isString");
    util.isObject = /* @__PURE__ */ __name(function isObject(value) {
      return value && typeof value === "object";
    }, "isObject");
    util.isset = /**
     * Checks if a property on a message is considered to be present.
     * @param {Object} obj Plain object or message instance
     * @param {string} prop Property name
     * @returns {boolean} `true` if considered to be present, otherwise `false`
     */
    util.isSet = /* @__PURE__ */ __name(function isSet(obj, prop) {
      var value = obj[prop];
      if (value != null && Object.hasOwnProperty.call(obj, prop))
        return typeof value !== "object" || (Array.isArray(value) ? value.length : Object.keys(value).length) > 0;
      return false;
    }, "isSet");
    util.Buffer = (function() {
      try {
        var Buffer2 = util.global.Buffer;
        return Buffer2.prototype.utf8Write || util.isNode ? Buffer2 : (
          /* istanbul ignore next */
          null
        );
      } catch (e) {
        return null;
      }
    })();
    util.newBuffer = /* @__PURE__ */ __name(function newBuffer(sizeOrArray) {
      var Buffer2 = util.Buffer;
      return typeof sizeOrArray === "number" ? Buffer2 ? Buffer2.allocUnsafe(sizeOrArray) : new Uint8Array(sizeOrArray) : Buffer2 ? Buffer2.from(sizeOrArray) : new Uint8Array(sizeOrArray);
    }, "newBuffer");
    util.rawField = /* @__PURE__ */ __name(function rawField(id, wireType, data) {
      var out = [], tag = id << 3 | wireType;
      tag >>>= 0;
      while (tag > 127) {
        out.push(tag & 127 | 128);
        tag >>>= 7;
      }
      out.push(tag);
      for (var i = 0; i < data.length; ++i)
        out.push(data[i]);
      return util.newBuffer(out);
    }, "rawField");
    util.Array = Uint8Array;
    util.Long = /* istanbul ignore next */
    util.global.dcodeIO && /* istanbul ignore next */
    util.global.dcodeIO.Long || /* istanbul ignore next */
    util.global.Long || (function() {
      try {
        var Long = require_umd();
        return Long && Long.isLong ? Long : null;
      } catch (e) {
        return null;
      }
    })();
    util.key2Re = /^(?:true|false|0|1)$/;
    util.key32Re = /^-?(?:0|[1-9][0-9]*)$/;
    util.key64Re = /^(?:[\x00-\xff]{8}|-?(?:0|[1-9][0-9]*))$/;
    util.longToHash = /* @__PURE__ */ __name(function longToHash(value) {
      return value ? util.LongBits.from(value).toHash() : util.LongBits.zeroHash;
    }, "longToHash");
    util.longFromHash = /* @__PURE__ */ __name(function longFromHash(hash, unsigned) {
      var bits = util.LongBits.fromHash(hash);
      if (util.Long)
        return util.Long.fromBits(bits.lo, bits.hi, unsigned);
      return bits.toNumber(Boolean(unsigned));
    }, "longFromHash");
    util.longFromKey = /* @__PURE__ */ __name(function longFromKey(key, unsigned) {
      return util.key64Re.test(key) && !util.key32Re.test(key) ? util.longFromHash(key, unsigned) : key;
    }, "longFromKey");
    util.boolFromKey = /* @__PURE__ */ __name(function boolFromKey(key) {
      return key === "true" || key === "1";
    }, "boolFromKey");
    function merge(dst) {
      var ifNotSet = typeof arguments[arguments.length - 1] === "boolean", limit = ifNotSet ? arguments.length - 1 : arguments.length;
      ifNotSet = ifNotSet && arguments[arguments.length - 1];
      for (var a = 1; a < limit; ++a) {
        var src = arguments[a];
        if (!src)
          continue;
        for (var keys = Object.keys(src), i = 0; i < keys.length; ++i)
          if (!isUnsafeProperty(keys[i]) && (!ifNotSet || !Object.prototype.hasOwnProperty.call(dst, keys[i]) || dst[keys[i]] === void 0))
            dst[keys[i]] = src[keys[i]];
      }
      return dst;
    }
    __name(merge, "merge");
    util.merge = merge;
    util.nestingLimit = 32;
    util.recursionLimit = 100;
    util.makeProp = /* @__PURE__ */ __name(function makeProp(obj, key, enumerable) {
      if (Object.prototype.hasOwnProperty.call(obj, key))
        return;
      Object.defineProperty(obj, key, {
        enumerable: enumerable === void 0 ? true : enumerable,
        configurable: true,
        writable: true
      });
    }, "makeProp");
    util.lcFirst = /* @__PURE__ */ __name(function lcFirst(str2) {
      return str2.charAt(0).toLowerCase() + str2.substring(1);
    }, "lcFirst");
    function newError(name) {
      function CustomError(message, properties2) {
        if (!(this instanceof CustomError))
          return new CustomError(message, properties2);
        Object.defineProperty(this, "message", { get: /* @__PURE__ */ __name(function() {
          return message;
        }, "get") });
        if (Error.captureStackTrace)
          Error.captureStackTrace(this, CustomError);
        else
          Object.defineProperty(this, "stack", { value: new Error().stack || "" });
        if (properties2)
          merge(this, properties2);
      }
      __name(CustomError, "CustomError");
      CustomError.prototype = Object.create(Error.prototype, {
        constructor: {
          value: CustomError,
          writable: true,
          enumerable: false,
          configurable: true
        },
        name: {
          get: /* @__PURE__ */ __name(function get() {
            return name;
          }, "get"),
          set: void 0,
          enumerable: false,
          // configurable: false would accurately preserve the behavior of
          // the original, but I'm guessing that was not intentional.
          // For an actual error subclass, this property would
          // be configurable.
          configurable: true
        },
        toString: {
          value: /* @__PURE__ */ __name(function value() {
            return this.name + ": " + this.message;
          }, "value"),
          writable: true,
          enumerable: false,
          configurable: true
        }
      });
      return CustomError;
    }
    __name(newError, "newError");
    util.newError = newError;
    util.ProtocolError = newError("ProtocolError");
    util.oneOfGetter = /* @__PURE__ */ __name(function getOneOf(fieldNames) {
      var fieldMap = {};
      for (var i = 0; i < fieldNames.length; ++i)
        fieldMap[fieldNames[i]] = 1;
      return function() {
        for (var keys = Object.keys(this), i2 = keys.length - 1; i2 > -1; --i2)
          if (fieldMap[keys[i2]] === 1 && this[keys[i2]] !== void 0 && this[keys[i2]] !== null)
            return keys[i2];
      };
    }, "getOneOf");
    util.oneOfSetter = /* @__PURE__ */ __name(function setOneOf(fieldNames) {
      return function(name) {
        for (var i = 0; i < fieldNames.length; ++i)
          if (fieldNames[i] !== name)
            delete this[fieldNames[i]];
      };
    }, "setOneOf");
    util.toJSONOptions = {
      longs: String,
      enums: String,
      bytes: String,
      json: true
    };
  }
});

// node_modules/protobufjs/src/writer.js
var require_writer = __commonJS({
  "node_modules/protobufjs/src/writer.js"(exports, module) {
    "use strict";
    module.exports = Writer;
    var util = require_minimal();
    var BufferWriter;
    var LongBits = util.LongBits;
    var base64 = util.base64;
    var utf8 = util.utf8;
    function Writer() {
      this.pos = 0;
      this.buf = this.constructor.alloc(Writer.initialBufferSize);
      this.view = null;
      this.states = null;
    }
    __name(Writer, "Writer");
    Writer.initialBufferSize = 128;
    Object.defineProperty(Writer.prototype, "len", {
      configurable: true,
      enumerable: true,
      get: /* @__PURE__ */ __name(function get_len() {
        return this.pos;
      }, "get_len")
    });
    var create = /* @__PURE__ */ __name(function create2() {
      return util.Buffer ? /* @__PURE__ */ __name(function create_buffer_setup() {
        return (Writer.create = /* @__PURE__ */ __name(function create_buffer() {
          return new BufferWriter();
        }, "create_buffer"))();
      }, "create_buffer_setup") : /* @__PURE__ */ __name(function create_array() {
        return new Writer();
      }, "create_array");
    }, "create");
    Writer.create = create();
    Writer.alloc = /* @__PURE__ */ __name(function alloc(size) {
      return new Uint8Array(size);
    }, "alloc");
    Writer.alloc = util.pool(Writer.alloc, Uint8Array.prototype.subarray);
    function sizeVarint32(value) {
      return value < 128 ? 1 : value < 16384 ? 2 : value < 2097152 ? 3 : value < 268435456 ? 4 : 5;
    }
    __name(sizeVarint32, "sizeVarint32");
    Writer.prototype._reserve = /* @__PURE__ */ __name(function _reserve(n) {
      var need = this.pos + n;
      if (need > this.buf.length) {
        var size = this.buf.length << 1;
        if (size < need)
          size = need;
        var buf = this.constructor.alloc(size);
        buf.set(this.buf.subarray(0, this.pos), 0);
        this.buf = buf;
        this.view = null;
      }
    }, "_reserve");
    function writeStringAscii(val, buf, pos) {
      for (var i = 0; i < val.length; )
        buf[pos++] = val.charCodeAt(i++);
    }
    __name(writeStringAscii, "writeStringAscii");
    function writeVarint32(val, buf, pos) {
      while (val > 127) {
        buf[pos++] = val & 127 | 128;
        val >>>= 7;
      }
      buf[pos] = val;
      return pos + 1;
    }
    __name(writeVarint32, "writeVarint32");
    Writer.prototype.uint32 = /* @__PURE__ */ __name(function write_uint32(value) {
      value = value >>> 0;
      this._reserve(5);
      var pos = this.pos;
      this.pos = writeVarint32(value, this.buf, pos);
      return this;
    }, "write_uint32");
    Writer.prototype.int32 = /* @__PURE__ */ __name(function write_int32(value) {
      if ((value |= 0) < 0) {
        this._reserve(10);
        writeVarint64(LongBits.fromNumber(value), this.buf, this.pos);
        this.pos += 10;
        return this;
      }
      return this.uint32(value);
    }, "write_int32");
    Writer.prototype.sint32 = /* @__PURE__ */ __name(function write_sint32(value) {
      return this.uint32((value << 1 ^ value >> 31) >>> 0);
    }, "write_sint32");
    function writeVarint64(val, buf, pos) {
      var lo = val.lo, hi = val.hi;
      while (hi) {
        buf[pos++] = lo & 127 | 128;
        lo = (lo >>> 7 | hi << 25) >>> 0;
        hi >>>= 7;
      }
      while (lo > 127) {
        buf[pos++] = lo & 127 | 128;
        lo = lo >>> 7;
      }
      buf[pos] = lo;
      return pos + 1;
    }
    __name(writeVarint64, "writeVarint64");
    Writer.prototype.uint64 = /* @__PURE__ */ __name(function write_uint64(value) {
      var bits = LongBits.from(value);
      this._reserve(10);
      var pos = this.pos;
      this.pos = writeVarint64(bits, this.buf, pos);
      return this;
    }, "write_uint64");
    Writer.prototype.int64 = Writer.prototype.uint64;
    Writer.prototype.sint64 = /* @__PURE__ */ __name(function write_sint64(value) {
      var bits = LongBits.from(value).zzEncode();
      this._reserve(10);
      var pos = this.pos;
      this.pos = writeVarint64(bits, this.buf, pos);
      return this;
    }, "write_sint64");
    Writer.prototype.bool = /* @__PURE__ */ __name(function write_bool(value) {
      this._reserve(1);
      this.buf[this.pos++] = value ? 1 : 0;
      return this;
    }, "write_bool");
    function writeFixed32(val, buf, pos) {
      buf[pos] = val & 255;
      buf[pos + 1] = val >>> 8 & 255;
      buf[pos + 2] = val >>> 16 & 255;
      buf[pos + 3] = val >>> 24;
    }
    __name(writeFixed32, "writeFixed32");
    Writer.prototype.fixed32 = /* @__PURE__ */ __name(function write_fixed32(value) {
      this._reserve(4);
      writeFixed32(value >>> 0, this.buf, this.pos);
      this.pos += 4;
      return this;
    }, "write_fixed32");
    Writer.prototype.sfixed32 = Writer.prototype.fixed32;
    Writer.prototype.fixed64 = /* @__PURE__ */ __name(function write_fixed64(value) {
      var bits = LongBits.from(value);
      this._reserve(8);
      writeFixed32(bits.lo, this.buf, this.pos);
      writeFixed32(bits.hi, this.buf, this.pos + 4);
      this.pos += 8;
      return this;
    }, "write_fixed64");
    Writer.prototype.sfixed64 = Writer.prototype.fixed64;
    Writer.prototype.float = /* @__PURE__ */ __name(function write_float(value) {
      this._reserve(4);
      util.float.writeFloatLE(value, this.buf, this.pos);
      this.pos += 4;
      return this;
    }, "write_float");
    Writer.prototype.double = /* @__PURE__ */ __name(function write_double(value) {
      this._reserve(8);
      util.float.writeDoubleLE(value, this.buf, this.pos);
      this.pos += 8;
      return this;
    }, "write_double");
    Writer.prototype.bytes = /* @__PURE__ */ __name(function write_bytes(value) {
      var len = value.length >>> 0;
      if (!len) {
        this._reserve(1);
        this.buf[this.pos++] = 0;
        return this;
      }
      if (util.isString(value)) {
        var buf = Writer.alloc(len = base64.length(value));
        base64.decode(value, buf, 0);
        value = buf;
      }
      this.uint32(len);
      this._reserve(len);
      this.buf.set(value, this.pos);
      this.pos += len;
      return this;
    }, "write_bytes");
    Writer.prototype.raw = /* @__PURE__ */ __name(function write_raw(value) {
      var len = value.length >>> 0;
      if (!len)
        return this;
      this._reserve(len);
      this.buf.set(value, this.pos);
      this.pos += len;
      return this;
    }, "write_raw");
    Writer.prototype._delim = /* @__PURE__ */ __name(function _delim(pos, len) {
      var n = sizeVarint32(len);
      if (n > 1)
        this.buf.copyWithin(pos + n, pos + 1, pos + 1 + len);
      writeVarint32(len, this.buf, pos);
      this.pos = pos + n + len;
      return this;
    }, "_delim");
    Writer.prototype.string = /* @__PURE__ */ __name(function write_string(value) {
      var n = value.length;
      if (!n) {
        this._reserve(1);
        this.buf[this.pos++] = 0;
        return this;
      }
      if (n < 128) {
        this._reserve(n * 3 + 5);
        var lenPos = this.pos;
        return this._delim(lenPos, utf8.write(value, this.buf, lenPos + 1));
      }
      var len = utf8.length(value);
      this.uint32(len);
      this._reserve(len);
      if (len === value.length)
        writeStringAscii(value, this.buf, this.pos);
      else
        utf8.write(value, this.buf, this.pos);
      this.pos += len;
      return this;
    }, "write_string");
    Writer.prototype.uint32s = /* @__PURE__ */ __name(function write_uint32s(value) {
      var n = value.length;
      this._reserve(n * 5 + 5);
      var buf = this.buf, lenPos = this.pos, p = lenPos + 1;
      for (var i = 0; i < n; ++i)
        p = writeVarint32(value[i] >>> 0, buf, p);
      return this._delim(lenPos, p - lenPos - 1);
    }, "write_uint32s");
    Writer.prototype.int32s = /* @__PURE__ */ __name(function write_int32s(value) {
      var n = value.length;
      this._reserve(n * 10 + 5);
      var buf = this.buf, lenPos = this.pos, pos = lenPos + 1, val;
      for (var i = 0; i < n; ++i) {
        if ((val = value[i] | 0) < 0) {
          pos = writeVarint64(LongBits.fromNumber(val), buf, pos);
        } else {
          pos = writeVarint32(val, buf, pos);
        }
      }
      return this._delim(lenPos, pos - lenPos - 1);
    }, "write_int32s");
    Writer.prototype.sint32s = /* @__PURE__ */ __name(function write_sint32s(value) {
      var n = value.length;
      this._reserve(n * 5 + 5);
      var buf = this.buf, lenPos = this.pos, pos = lenPos + 1;
      for (var i = 0; i < n; ++i)
        pos = writeVarint32((value[i] << 1 ^ value[i] >> 31) >>> 0, buf, pos);
      return this._delim(lenPos, pos - lenPos - 1);
    }, "write_sint32s");
    Writer.prototype.uint64s = /* @__PURE__ */ __name(function write_uint64s(value) {
      var n = value.length;
      this._reserve(n * 10 + 5);
      var buf = this.buf, lenPos = this.pos, pos = lenPos + 1;
      for (var i = 0; i < n; ++i) {
        pos = writeVarint64(LongBits.from(value[i]), buf, pos);
      }
      return this._delim(lenPos, pos - lenPos - 1);
    }, "write_uint64s");
    Writer.prototype.int64s = Writer.prototype.uint64s;
    Writer.prototype.sint64s = /* @__PURE__ */ __name(function write_sint64s(value) {
      var n = value.length;
      this._reserve(n * 10 + 5);
      var buf = this.buf, lenPos = this.pos, pos = lenPos + 1;
      for (var i = 0; i < n; ++i) {
        pos = writeVarint64(LongBits.from(value[i]).zzEncode(), buf, pos);
      }
      return this._delim(lenPos, pos - lenPos - 1);
    }, "write_sint64s");
    Writer.prototype.bools = /* @__PURE__ */ __name(function write_bools(value) {
      var n = value.length;
      this.uint32(n);
      this._reserve(n);
      var buf = this.buf, p = this.pos;
      for (var i = 0; i < n; ++i)
        buf[p++] = value[i] ? 1 : 0;
      this.pos += n;
      return this;
    }, "write_bools");
    var VIEW_THRESHOLD_FLOAT = 16;
    var VIEW_THRESHOLD_INT = 128;
    function getLazyView(writer, count, threshold) {
      var view = writer.view;
      if (view || count < threshold)
        return view;
      var buf = writer.buf;
      return writer.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    __name(getLazyView, "getLazyView");
    Writer.prototype.fixed32s = /* @__PURE__ */ __name(function write_fixed32s(value) {
      var n = value.length, bytes = n * 4;
      this.uint32(bytes);
      this._reserve(bytes);
      var p = this.pos, i, dv = getLazyView(this, n, VIEW_THRESHOLD_INT);
      if (dv)
        for (i = 0; i < n; ++i) {
          dv.setUint32(p, value[i] >>> 0, true);
          p += 4;
        }
      else {
        var buf = this.buf;
        for (i = 0; i < n; ++i) {
          writeFixed32(value[i] >>> 0, buf, p);
          p += 4;
        }
      }
      this.pos += bytes;
      return this;
    }, "write_fixed32s");
    Writer.prototype.sfixed32s = Writer.prototype.fixed32s;
    Writer.prototype.fixed64s = /* @__PURE__ */ __name(function write_fixed64s(value) {
      var n = value.length, bytes = n * 8;
      this.uint32(bytes);
      this._reserve(bytes);
      var p = this.pos, i, bits, dv = getLazyView(this, n, VIEW_THRESHOLD_INT);
      if (dv)
        for (i = 0; i < n; ++i) {
          bits = LongBits.from(value[i]);
          dv.setUint32(p, bits.lo, true);
          dv.setUint32(p + 4, bits.hi, true);
          p += 8;
        }
      else {
        var buf = this.buf;
        for (i = 0; i < n; ++i) {
          bits = LongBits.from(value[i]);
          writeFixed32(bits.lo, buf, p);
          writeFixed32(bits.hi, buf, p + 4);
          p += 8;
        }
      }
      this.pos += bytes;
      return this;
    }, "write_fixed64s");
    Writer.prototype.sfixed64s = Writer.prototype.fixed64s;
    Writer.prototype.floats = /* @__PURE__ */ __name(function write_floats(value) {
      var n = value.length, bytes = n * 4;
      this.uint32(bytes);
      this._reserve(bytes);
      var p = this.pos, i, dv = getLazyView(this, n, VIEW_THRESHOLD_FLOAT);
      if (dv)
        for (i = 0; i < n; ++i) {
          dv.setFloat32(p, value[i], true);
          p += 4;
        }
      else {
        var buf = this.buf;
        for (i = 0; i < n; ++i) {
          util.float.writeFloatLE(value[i], buf, p);
          p += 4;
        }
      }
      this.pos += bytes;
      return this;
    }, "write_floats");
    Writer.prototype.doubles = /* @__PURE__ */ __name(function write_doubles(value) {
      var n = value.length, bytes = n * 8;
      this.uint32(bytes);
      this._reserve(bytes);
      var p = this.pos, i, dv = getLazyView(this, n, VIEW_THRESHOLD_FLOAT);
      if (dv)
        for (i = 0; i < n; ++i) {
          dv.setFloat64(p, value[i], true);
          p += 8;
        }
      else {
        var buf = this.buf;
        for (i = 0; i < n; ++i) {
          util.float.writeDoubleLE(value[i], buf, p);
          p += 8;
        }
      }
      this.pos += bytes;
      return this;
    }, "write_doubles");
    Writer.prototype.fork = /* @__PURE__ */ __name(function fork() {
      this._reserve(1);
      (this.states || (this.states = [])).push(this.pos);
      this.pos += 1;
      return this;
    }, "fork");
    Writer.prototype.reset = /* @__PURE__ */ __name(function reset() {
      var states = this.states;
      if (states && states.length) {
        this.pos = states.pop();
      } else {
        this.pos = 0;
      }
      return this;
    }, "reset");
    Writer.prototype.ldelim = /* @__PURE__ */ __name(function ldelim() {
      var states = this.states, len, vlen;
      if (states && states.length) {
        var lenPos = states.pop();
        len = this.pos - lenPos - 1;
        vlen = sizeVarint32(len);
        if (vlen > 1) {
          this._reserve(vlen - 1);
          this.buf.copyWithin(lenPos + vlen, lenPos + 1, lenPos + 1 + len);
          this.pos += vlen - 1;
          writeVarint32(len, this.buf, lenPos);
        } else {
          this.buf[lenPos] = len;
        }
      } else {
        len = this.pos;
        vlen = sizeVarint32(len);
        this._reserve(vlen);
        this.buf.copyWithin(vlen, 0, len);
        writeVarint32(len, this.buf, 0);
        this.pos += vlen;
      }
      return this;
    }, "ldelim");
    Writer.prototype.finish = /* @__PURE__ */ __name(function finish(shared) {
      if (shared)
        return this.buf.subarray(0, this.pos);
      var buf = this.constructor.alloc(this.pos);
      buf.set(this.buf.subarray(0, this.pos), 0);
      return buf;
    }, "finish");
    Writer.prototype.finishInto = /* @__PURE__ */ __name(function finishInto(buf, offset) {
      if (offset === void 0)
        offset = 0;
      buf.set(this.buf.subarray(0, this.pos), offset);
      return buf;
    }, "finishInto");
    Writer._configure = function(BufferWriter_) {
      BufferWriter = BufferWriter_;
      Writer.create = create();
      BufferWriter._configure();
    };
  }
});

// node_modules/protobufjs/src/writer_buffer.js
var require_writer_buffer = __commonJS({
  "node_modules/protobufjs/src/writer_buffer.js"(exports, module) {
    "use strict";
    module.exports = BufferWriter;
    var Writer = require_writer();
    BufferWriter.prototype = Object.create(Writer.prototype, {
      constructor: {
        value: BufferWriter,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    var util = require_minimal();
    function BufferWriter() {
      Writer.call(this);
    }
    __name(BufferWriter, "BufferWriter");
    var writeStringBuffer;
    BufferWriter._configure = function() {
      BufferWriter.alloc = util.Buffer && util.Buffer.allocUnsafe;
      writeStringBuffer = util.Buffer && util.Buffer.prototype.utf8Write ? /* @__PURE__ */ __name(function writeStringBuffer_utf8Write(val, buf, pos) {
        return buf.utf8Write(val, pos);
      }, "writeStringBuffer_utf8Write") : /* @__PURE__ */ __name(function writeStringBuffer_write(val, buf, pos) {
        return buf.write(val, pos);
      }, "writeStringBuffer_write");
    };
    BufferWriter.prototype.bytes = /* @__PURE__ */ __name(function write_bytes_buffer(value) {
      if (util.isString(value))
        value = util.Buffer.from(value, "base64");
      var len = value.length >>> 0;
      this.uint32(len);
      if (len) {
        this._reserve(len);
        this.buf.set(value, this.pos);
        this.pos += len;
      }
      return this;
    }, "write_bytes_buffer");
    BufferWriter.prototype.string = /* @__PURE__ */ __name(function write_string_buffer(value) {
      var n = value.length;
      if (!n) {
        this._reserve(1);
        this.buf[this.pos++] = 0;
        return this;
      }
      if (n < 128) {
        this._reserve(n * 3 + 5);
        var pos = this.pos, buf = this.buf;
        return this._delim(
          pos,
          n < 40 ? util.utf8.write(value, buf, pos + 1) : writeStringBuffer(value, buf, pos + 1)
        );
      }
      var len = util.Buffer.byteLength(value);
      this.uint32(len);
      this._reserve(len);
      writeStringBuffer(value, this.buf, this.pos);
      this.pos += len;
      return this;
    }, "write_string_buffer");
    BufferWriter._configure();
  }
});

// node_modules/protobufjs/src/reader.js
var require_reader = __commonJS({
  "node_modules/protobufjs/src/reader.js"(exports, module) {
    "use strict";
    module.exports = Reader;
    var util = require_minimal();
    var BufferReader;
    var LongBits = util.LongBits;
    var utf8 = util.utf8;
    function indexOutOfRange(reader, writeLength) {
      return RangeError("index out of range: " + reader.pos + " + " + (writeLength || 1) + " > " + reader.len);
    }
    __name(indexOutOfRange, "indexOutOfRange");
    function Reader(buffer) {
      this.buf = buffer;
      this.pos = 0;
      this.len = buffer.length;
      this.view = null;
      this.discardUnknown = Reader.discardUnknown;
    }
    __name(Reader, "Reader");
    function create_array(buffer) {
      if (Array.isArray(buffer))
        buffer = new Uint8Array(buffer);
      if (buffer instanceof Uint8Array)
        return new Reader(buffer);
      throw Error("illegal buffer");
    }
    __name(create_array, "create_array");
    var create = /* @__PURE__ */ __name(function create2() {
      return util.Buffer ? /* @__PURE__ */ __name(function create_buffer_setup(buffer) {
        return (Reader.create = /* @__PURE__ */ __name(function create_buffer(buffer2) {
          return util.Buffer.isBuffer(buffer2) ? new BufferReader(buffer2) : create_array(buffer2);
        }, "create_buffer"))(buffer);
      }, "create_buffer_setup") : create_array;
    }, "create");
    Reader.create = create();
    Reader.prototype.raw = /* @__PURE__ */ __name(function read_raw(start, end) {
      return this.buf.subarray(start, end);
    }, "read_raw");
    function readVarint32NearEnd(reader) {
      var value = 0;
      for (var i = 0; i < 4; ++i) {
        if (reader.pos >= reader.len)
          throw indexOutOfRange(reader);
        var b = reader.buf[reader.pos++];
        value = (value | (b & 127) << i * 7) >>> 0;
        if (b < 128)
          return value;
      }
      throw indexOutOfRange(reader);
    }
    __name(readVarint32NearEnd, "readVarint32NearEnd");
    Reader.prototype.uint32 = /* @__PURE__ */ __name(function read_uint32() {
      if (this.len - this.pos < 5) {
        if (this.pos >= this.len)
          throw indexOutOfRange(this);
        if (this.buf[this.pos] >= 128)
          return readVarint32NearEnd(this);
      }
      var buf = this.buf, pos = this.pos, value = (buf[pos] & 127) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 127) << 7) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 127) << 14) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 127) << 21) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 15) << 28) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      for (var i = 0; i < 5; ++i) {
        if (pos >= this.len) {
          this.pos = pos;
          throw indexOutOfRange(this);
        }
        if (buf[pos++] < 128) {
          this.pos = pos;
          return value;
        }
      }
      this.pos = pos;
      throw Error("invalid varint encoding");
    }, "read_uint32");
    Reader.prototype.tag = /* @__PURE__ */ __name(function read_tag() {
      if (this.len - this.pos < 5) {
        if (this.pos >= this.len)
          throw indexOutOfRange(this);
        if (this.buf[this.pos] >= 128)
          return readVarint32NearEnd(this);
      }
      var buf = this.buf, pos = this.pos, value = (buf[pos] & 127) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 127) << 7) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 127) << 14) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 127) << 21) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 15) << 28) >>> 0;
      if (buf[pos] < 128 && (buf[pos] & 112) === 0) {
        this.pos = pos + 1;
        return value;
      }
      this.pos = pos + 1;
      throw Error("invalid tag encoding");
    }, "read_tag");
    Reader.prototype.size = /* @__PURE__ */ __name(function read_size() {
      if (this.len - this.pos < 5) {
        if (this.pos >= this.len)
          throw indexOutOfRange(this);
        if (this.buf[this.pos] >= 128)
          return readVarint32NearEnd(this);
      }
      var buf = this.buf, pos = this.pos, value = (buf[pos] & 127) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 127) << 7) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 127) << 14) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      value = (value | (buf[pos] & 127) << 21) >>> 0;
      if (buf[pos++] < 128) {
        this.pos = pos;
        return value;
      }
      this.pos = pos + 1;
      if (buf[pos] > 7)
        throw Error("invalid length encoding");
      return (value | buf[pos] << 28) >>> 0;
    }, "read_size");
    Reader.prototype.int32 = /* @__PURE__ */ __name(function read_int32() {
      return this.uint32() | 0;
    }, "read_int32");
    Reader.prototype.sint32 = /* @__PURE__ */ __name(function read_sint32() {
      var value = this.uint32();
      return value >>> 1 ^ -(value & 1) | 0;
    }, "read_sint32");
    function readLongVarint() {
      var bits = new LongBits(0, 0);
      var i = 0;
      if (this.len - this.pos > 4) {
        for (; i < 4; ++i) {
          bits.lo = (bits.lo | (this.buf[this.pos] & 127) << i * 7) >>> 0;
          if (this.buf[this.pos++] < 128)
            return bits;
        }
        bits.lo = (bits.lo | (this.buf[this.pos] & 127) << 28) >>> 0;
        bits.hi = (bits.hi | (this.buf[this.pos] & 127) >> 4) >>> 0;
        if (this.buf[this.pos++] < 128)
          return bits;
        i = 0;
      } else {
        for (; i < 4; ++i) {
          if (this.pos >= this.len)
            throw indexOutOfRange(this);
          bits.lo = (bits.lo | (this.buf[this.pos] & 127) << i * 7) >>> 0;
          if (this.buf[this.pos++] < 128)
            return bits;
        }
        throw indexOutOfRange(this);
      }
      if (this.len - this.pos > 4) {
        for (; i < 5; ++i) {
          bits.hi = (bits.hi | (this.buf[this.pos] & 127) << i * 7 + 3) >>> 0;
          if (this.buf[this.pos++] < 128)
            return bits;
        }
      } else {
        for (; i < 5; ++i) {
          if (this.pos >= this.len)
            throw indexOutOfRange(this);
          bits.hi = (bits.hi | (this.buf[this.pos] & 127) << i * 7 + 3) >>> 0;
          if (this.buf[this.pos++] < 128)
            return bits;
        }
      }
      throw Error("invalid varint encoding");
    }
    __name(readLongVarint, "readLongVarint");
    Reader.prototype.bool = /* @__PURE__ */ __name(function read_bool() {
      var value = false, b;
      for (var i = 0; i < 10; ++i) {
        if (this.pos >= this.len)
          throw indexOutOfRange(this);
        b = this.buf[this.pos++];
        if (b & 127)
          value = true;
        if (b < 128)
          return value;
      }
      throw Error("invalid varint encoding");
    }, "read_bool");
    function readFixed32_end(buf, end) {
      return (buf[end - 4] | buf[end - 3] << 8 | buf[end - 2] << 16 | buf[end - 1] << 24) >>> 0;
    }
    __name(readFixed32_end, "readFixed32_end");
    Reader.prototype.fixed32 = /* @__PURE__ */ __name(function read_fixed32() {
      if (this.pos + 4 > this.len)
        throw indexOutOfRange(this, 4);
      return readFixed32_end(this.buf, this.pos += 4);
    }, "read_fixed32");
    Reader.prototype.sfixed32 = /* @__PURE__ */ __name(function read_sfixed32() {
      if (this.pos + 4 > this.len)
        throw indexOutOfRange(this, 4);
      return readFixed32_end(this.buf, this.pos += 4) | 0;
    }, "read_sfixed32");
    function readFixed64() {
      if (this.pos + 8 > this.len)
        throw indexOutOfRange(this, 8);
      return new LongBits(readFixed32_end(this.buf, this.pos += 4), readFixed32_end(this.buf, this.pos += 4));
    }
    __name(readFixed64, "readFixed64");
    Reader.prototype.float = /* @__PURE__ */ __name(function read_float() {
      if (this.pos + 4 > this.len)
        throw indexOutOfRange(this, 4);
      var value = util.float.readFloatLE(this.buf, this.pos);
      this.pos += 4;
      return value;
    }, "read_float");
    Reader.prototype.double = /* @__PURE__ */ __name(function read_double() {
      if (this.pos + 8 > this.len)
        throw indexOutOfRange(this, 4);
      var value = util.float.readDoubleLE(this.buf, this.pos);
      this.pos += 8;
      return value;
    }, "read_double");
    Reader.prototype.uint32s = /* @__PURE__ */ __name(function read_uint32s(array) {
      if (array === void 0) array = [];
      var end = this.size() + this.pos, len = this.len, buf = this.buf, pos = this.pos, value;
      if (end > len) throw indexOutOfRange(this, end - this.pos);
      this.len = end;
      while (pos < end) {
        value = buf[pos++];
        if (value < 128)
          array.push(value);
        else {
          this.pos = pos - 1;
          array.push(this.uint32());
          pos = this.pos;
        }
      }
      this.pos = pos;
      if (pos !== end) throw RangeError("index out of range");
      this.len = len;
      return array;
    }, "read_uint32s");
    Reader.prototype.int32s = /* @__PURE__ */ __name(function read_int32s(array) {
      if (array === void 0) array = [];
      var end = this.size() + this.pos, len = this.len, buf = this.buf, pos = this.pos, value;
      if (end > len) throw indexOutOfRange(this, end - this.pos);
      this.len = end;
      while (pos < end) {
        value = buf[pos++];
        if (value < 128)
          array.push(value);
        else {
          this.pos = pos - 1;
          array.push(this.int32());
          pos = this.pos;
        }
      }
      this.pos = pos;
      if (pos !== end) throw RangeError("index out of range");
      this.len = len;
      return array;
    }, "read_int32s");
    Reader.prototype.sint32s = /* @__PURE__ */ __name(function read_sint32s(array) {
      if (array === void 0) array = [];
      var end = this.size() + this.pos, len = this.len;
      if (end > len) throw indexOutOfRange(this, end - this.pos);
      this.len = end;
      while (this.pos < end)
        array.push(this.sint32());
      if (this.pos !== end) throw RangeError("index out of range");
      this.len = len;
      return array;
    }, "read_sint32s");
    Reader.prototype.bools = /* @__PURE__ */ __name(function read_bools(array) {
      if (array === void 0) array = [];
      var end = this.size() + this.pos, len = this.len, buf = this.buf, pos = this.pos, value;
      if (end > len) throw indexOutOfRange(this, end - this.pos);
      this.len = end;
      while (pos < end) {
        value = buf[pos++];
        if (value < 128)
          array.push(value !== 0);
        else {
          this.pos = pos - 1;
          array.push(this.bool());
          pos = this.pos;
        }
      }
      this.pos = pos;
      if (pos !== end) throw RangeError("index out of range");
      this.len = len;
      return array;
    }, "read_bools");
    var VIEW_THRESHOLD_FLOAT = 8;
    var VIEW_THRESHOLD_INT = 128;
    function getLazyView(reader, count, threshold) {
      var view = reader.view;
      if (view || count < threshold)
        return view;
      var buf = reader.buf;
      return reader.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    __name(getLazyView, "getLazyView");
    Reader.prototype.fixed32s = /* @__PURE__ */ __name(function read_fixed32s(array) {
      if (array === void 0) array = [];
      var len = this.size(), end = this.pos + len;
      if (end > this.len) throw indexOutOfRange(this, len);
      var count = len >>> 2, i = array.length, pos = this.pos;
      array.length = i + count;
      var dv = getLazyView(this, count, VIEW_THRESHOLD_INT);
      if (dv)
        for (var k = 0; k < count; ++k, pos += 4) array[i++] = dv.getUint32(pos, true);
      else {
        var buf = this.buf;
        for (var j = 0; j < count; ++j, pos += 4) array[i++] = readFixed32_end(buf, pos + 4);
      }
      this.pos = pos;
      if (pos !== end) throw indexOutOfRange(this, 4);
      return array;
    }, "read_fixed32s");
    Reader.prototype.sfixed32s = /* @__PURE__ */ __name(function read_sfixed32s(array) {
      if (array === void 0) array = [];
      var len = this.size(), end = this.pos + len;
      if (end > this.len) throw indexOutOfRange(this, len);
      var count = len >>> 2, i = array.length, pos = this.pos;
      array.length = i + count;
      var dv = getLazyView(this, count, VIEW_THRESHOLD_INT);
      if (dv)
        for (var k = 0; k < count; ++k, pos += 4) array[i++] = dv.getInt32(pos, true);
      else {
        var buf = this.buf;
        for (var j = 0; j < count; ++j, pos += 4) array[i++] = readFixed32_end(buf, pos + 4) | 0;
      }
      this.pos = pos;
      if (pos !== end) throw indexOutOfRange(this, 4);
      return array;
    }, "read_sfixed32s");
    Reader.prototype.floats = /* @__PURE__ */ __name(function read_floats(array) {
      if (array === void 0) array = [];
      var len = this.size(), end = this.pos + len;
      if (end > this.len) throw indexOutOfRange(this, len);
      var count = len >>> 2, i = array.length, pos = this.pos;
      array.length = i + count;
      var dv = getLazyView(this, count, VIEW_THRESHOLD_FLOAT);
      if (dv)
        for (var k = 0; k < count; ++k, pos += 4) array[i++] = dv.getFloat32(pos, true);
      else {
        var buf = this.buf;
        for (var j = 0; j < count; ++j, pos += 4) array[i++] = util.float.readFloatLE(buf, pos);
      }
      this.pos = pos;
      if (pos !== end) throw indexOutOfRange(this, 4);
      return array;
    }, "read_floats");
    Reader.prototype.doubles = /* @__PURE__ */ __name(function read_doubles(array) {
      if (array === void 0) array = [];
      var len = this.size(), end = this.pos + len;
      if (end > this.len) throw indexOutOfRange(this, len);
      var count = len >>> 3, i = array.length, pos = this.pos;
      array.length = i + count;
      var dv = getLazyView(this, count, VIEW_THRESHOLD_FLOAT);
      if (dv)
        for (var k = 0; k < count; ++k, pos += 8) array[i++] = dv.getFloat64(pos, true);
      else {
        var buf = this.buf;
        for (var j = 0; j < count; ++j, pos += 8) array[i++] = util.float.readDoubleLE(buf, pos);
      }
      this.pos = pos;
      if (pos !== end) throw indexOutOfRange(this, 8);
      return array;
    }, "read_doubles");
    Reader.prototype.uint64s = /* @__PURE__ */ __name(function read_uint64s(array) {
      if (array === void 0) array = [];
      var end = this.size() + this.pos, len = this.len;
      if (end > len) throw indexOutOfRange(this, end - this.pos);
      this.len = end;
      while (this.pos < end)
        array.push(this.uint64());
      if (this.pos !== end) throw RangeError("index out of range");
      this.len = len;
      return array;
    }, "read_uint64s");
    Reader.prototype.int64s = /* @__PURE__ */ __name(function read_int64s(array) {
      if (array === void 0) array = [];
      var end = this.size() + this.pos, len = this.len;
      if (end > len) throw indexOutOfRange(this, end - this.pos);
      this.len = end;
      while (this.pos < end)
        array.push(this.int64());
      if (this.pos !== end) throw RangeError("index out of range");
      this.len = len;
      return array;
    }, "read_int64s");
    Reader.prototype.sint64s = /* @__PURE__ */ __name(function read_sint64s(array) {
      if (array === void 0) array = [];
      var end = this.size() + this.pos, len = this.len;
      if (end > len) throw indexOutOfRange(this, end - this.pos);
      this.len = end;
      while (this.pos < end)
        array.push(this.sint64());
      if (this.pos !== end) throw RangeError("index out of range");
      this.len = len;
      return array;
    }, "read_sint64s");
    Reader.prototype.fixed64s = /* @__PURE__ */ __name(function read_fixed64s(array) {
      if (array === void 0) array = [];
      var len = this.size(), end = this.pos + len, i = array.length;
      if (end > this.len) throw indexOutOfRange(this, len);
      var count = len >>> 3;
      array.length = i + count;
      for (var j = 0; j < count; ++j)
        array[i++] = this.fixed64();
      if (this.pos !== end) throw indexOutOfRange(this, 8);
      return array;
    }, "read_fixed64s");
    Reader.prototype.sfixed64s = /* @__PURE__ */ __name(function read_sfixed64s(array) {
      if (array === void 0) array = [];
      var len = this.size(), end = this.pos + len, i = array.length;
      if (end > this.len) throw indexOutOfRange(this, len);
      var count = len >>> 3;
      array.length = i + count;
      for (var j = 0; j < count; ++j)
        array[i++] = this.sfixed64();
      if (this.pos !== end) throw indexOutOfRange(this, 8);
      return array;
    }, "read_sfixed64s");
    Reader.prototype.bytes = /* @__PURE__ */ __name(function read_bytes() {
      var length = this.size(), start = this.pos, end = this.pos + length;
      if (end > this.len)
        throw indexOutOfRange(this, length);
      this.pos = end;
      return this.raw(start, end);
    }, "read_bytes");
    Reader.prototype.string = /* @__PURE__ */ __name(function read_string() {
      var length = this.size(), start = this.pos, end = this.pos + length;
      if (end > this.len)
        throw indexOutOfRange(this, length);
      this.pos = end;
      return utf8.read(this.buf, start, end);
    }, "read_string");
    Reader.prototype.stringVerify = /* @__PURE__ */ __name(function read_string_verify() {
      var length = this.size(), start = this.pos, end = this.pos + length;
      if (end > this.len)
        throw indexOutOfRange(this, length);
      this.pos = end;
      return utf8.readStrict(this.buf, start, end);
    }, "read_string_verify");
    Reader.prototype.skip = /* @__PURE__ */ __name(function skip(length) {
      if (typeof length === "number") {
        if (this.pos + length > this.len)
          throw indexOutOfRange(this, length);
        this.pos += length;
      } else {
        do {
          if (this.pos >= this.len)
            throw indexOutOfRange(this);
        } while (this.buf[this.pos++] & 128);
      }
      return this;
    }, "skip");
    Reader.recursionLimit = util.recursionLimit;
    Reader.discardUnknown = true;
    Reader.prototype.skipType = function(wireType, depth, fieldNumber) {
      if (depth === void 0) depth = 0;
      if (depth > Reader.recursionLimit)
        throw Error("max depth exceeded");
      if (fieldNumber === 0)
        throw Error("illegal tag: field number 0");
      switch (wireType) {
        case 0:
          this.skip();
          break;
        case 1:
          this.skip(8);
          break;
        case 2:
          this.skip(this.size());
          break;
        case 3:
          while (true) {
            var tag = this.tag();
            var nestedField = tag >>> 3;
            wireType = tag & 7;
            if (!nestedField)
              throw Error("illegal tag: field number 0");
            if (wireType === 4) {
              if (fieldNumber !== void 0 && nestedField !== fieldNumber)
                throw Error("invalid end group tag");
              break;
            }
            this.skipType(wireType, depth + 1, nestedField);
          }
          break;
        case 5:
          this.skip(4);
          break;
        /* istanbul ignore next */
        default:
          throw Error("invalid wire type " + wireType + " at offset " + this.pos);
      }
      return this;
    };
    Reader._configure = function(BufferReader_) {
      BufferReader = BufferReader_;
      Reader.create = create();
      BufferReader._configure();
      var fn = util.Long ? "toLong" : (
        /* istanbul ignore next */
        "toNumber"
      );
      util.merge(Reader.prototype, {
        int64: /* @__PURE__ */ __name(function read_int64() {
          return readLongVarint.call(this)[fn](false);
        }, "read_int64"),
        uint64: /* @__PURE__ */ __name(function read_uint64() {
          return readLongVarint.call(this)[fn](true);
        }, "read_uint64"),
        sint64: /* @__PURE__ */ __name(function read_sint64() {
          return readLongVarint.call(this).zzDecode()[fn](false);
        }, "read_sint64"),
        fixed64: /* @__PURE__ */ __name(function read_fixed64() {
          return readFixed64.call(this)[fn](true);
        }, "read_fixed64"),
        sfixed64: /* @__PURE__ */ __name(function read_sfixed64() {
          return readFixed64.call(this)[fn](false);
        }, "read_sfixed64")
      });
    };
  }
});

// node_modules/protobufjs/src/reader_buffer.js
var require_reader_buffer = __commonJS({
  "node_modules/protobufjs/src/reader_buffer.js"(exports, module) {
    "use strict";
    module.exports = BufferReader;
    var Reader = require_reader();
    BufferReader.prototype = Object.create(Reader.prototype, {
      constructor: {
        value: BufferReader,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    var util = require_minimal();
    function BufferReader(buffer) {
      Reader.call(this, buffer);
    }
    __name(BufferReader, "BufferReader");
    BufferReader._configure = function() {
      if (util.Buffer)
        BufferReader.prototype._slice = util.Buffer.prototype.slice;
    };
    BufferReader.prototype.raw = /* @__PURE__ */ __name(function read_raw_buffer(start, end) {
      return this._slice.call(this.buf, start, end);
    }, "read_raw_buffer");
    BufferReader.prototype.string = /* @__PURE__ */ __name(function read_string_buffer() {
      var len = this.size(), start = this.pos, end = this.pos + len;
      if (end > this.len)
        throw RangeError("index out of range: " + this.pos + " + " + len + " > " + this.len);
      this.pos = end;
      return this.buf.utf8Slice ? this.buf.utf8Slice(start, end) : this.buf.toString("utf-8", start, end);
    }, "read_string_buffer");
    BufferReader._configure();
  }
});

// node_modules/protobufjs/src/rpc/service.js
var require_service2 = __commonJS({
  "node_modules/protobufjs/src/rpc/service.js"(exports, module) {
    "use strict";
    module.exports = Service;
    var util = require_minimal();
    Service.prototype = Object.create(util.EventEmitter.prototype, {
      constructor: {
        value: Service,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    function Service(rpcImpl, requestDelimited, responseDelimited) {
      if (typeof rpcImpl !== "function")
        throw TypeError("rpcImpl must be a function");
      util.EventEmitter.call(this);
      this.rpcImpl = rpcImpl;
      this.requestDelimited = Boolean(requestDelimited);
      this.responseDelimited = Boolean(responseDelimited);
    }
    __name(Service, "Service");
    Service.prototype.rpcCall = /* @__PURE__ */ __name(function rpcCall(method, requestCtor, responseCtor, request, callback) {
      if (!request)
        throw TypeError("request must be specified");
      var self2 = this;
      if (!callback)
        return util.asPromise(rpcCall, self2, method, requestCtor, responseCtor, request);
      if (!self2.rpcImpl) {
        setTimeout(function() {
          callback(Error("already ended"));
        }, 0);
        return void 0;
      }
      try {
        return self2.rpcImpl(
          method,
          requestCtor[self2.requestDelimited ? "encodeDelimited" : "encode"](request).finish(),
          /* @__PURE__ */ __name(function rpcCallback(err, response) {
            if (err) {
              self2.emit("error", err, method);
              return callback(err);
            }
            if (response === null) {
              self2.end(
                /* endedByRPC */
                true
              );
              return void 0;
            }
            if (!(response instanceof responseCtor)) {
              try {
                response = responseCtor[self2.responseDelimited ? "decodeDelimited" : "decode"](response);
              } catch (err2) {
                self2.emit("error", err2, method);
                return callback(err2);
              }
            }
            self2.emit("data", response, method);
            return callback(null, response);
          }, "rpcCallback")
        );
      } catch (err) {
        self2.emit("error", err, method);
        setTimeout(function() {
          callback(err);
        }, 0);
        return void 0;
      }
    }, "rpcCall");
    Service.prototype.end = /* @__PURE__ */ __name(function end(endedByRPC) {
      if (this.rpcImpl) {
        if (!endedByRPC)
          this.rpcImpl(null, null, null);
        this.rpcImpl = null;
        this.emit("end").off();
      }
      return this;
    }, "end");
  }
});

// node_modules/protobufjs/src/rpc.js
var require_rpc = __commonJS({
  "node_modules/protobufjs/src/rpc.js"(exports) {
    "use strict";
    var rpc = exports;
    rpc.Service = require_service2();
  }
});

// node_modules/protobufjs/src/roots.js
var require_roots = __commonJS({
  "node_modules/protobufjs/src/roots.js"(exports, module) {
    "use strict";
    module.exports = /* @__PURE__ */ Object.create(null);
  }
});

// node_modules/protobufjs/src/index-minimal.js
var require_index_minimal = __commonJS({
  "node_modules/protobufjs/src/index-minimal.js"(exports) {
    "use strict";
    exports.build = "minimal";
    exports.Writer = require_writer();
    exports.BufferWriter = require_writer_buffer();
    exports.Reader = require_reader();
    exports.BufferReader = require_reader_buffer();
    exports.util = require_minimal();
    exports.rpc = require_rpc();
    exports.roots = require_roots();
    exports.configure = configure;
    function configure() {
      exports.util.LongBits._configure(exports.util.Long);
      exports.Writer._configure(exports.BufferWriter);
      exports.Reader._configure(exports.BufferReader);
    }
    __name(configure, "configure");
    configure();
  }
});

// node_modules/protobufjs/src/util/patterns.js
var require_patterns = __commonJS({
  "node_modules/protobufjs/src/util/patterns.js"(exports) {
    "use strict";
    var patterns = exports;
    patterns.numberRe = /^(?![eE])[0-9]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?$/;
    patterns.typeRefRe = /^(?:\.?[a-zA-Z_][a-zA-Z_0-9]*)(?:\.[a-zA-Z_][a-zA-Z_0-9]*)*$/;
    patterns.reservedRe = /^(?:do|if|in|for|let|new|try|var|case|else|enum|eval|false|null|this|true|void|with|break|catch|class|const|super|throw|while|yield|delete|export|import|public|return|static|switch|typeof|default|extends|finally|package|private|continue|debugger|function|arguments|interface|protected|implements|instanceof)$/;
  }
});

// node_modules/protobufjs/src/util/codegen.js
var require_codegen = __commonJS({
  "node_modules/protobufjs/src/util/codegen.js"(exports, module) {
    "use strict";
    module.exports = codegen;
    var patterns = require_patterns();
    var reservedRe = patterns.reservedRe;
    function codegen(functionParams, functionName) {
      if (typeof functionParams === "string") {
        functionName = functionParams;
        functionParams = void 0;
      }
      var body = [];
      function Codegen(formatStringOrScope) {
        if (typeof formatStringOrScope !== "string") {
          var source = toString();
          if (codegen.verbose)
            console.log("codegen: " + source);
          source = "return " + source;
          if (formatStringOrScope) {
            var scopeKeys = Object.keys(formatStringOrScope), scopeParams = new Array(scopeKeys.length + 1), scopeValues = new Array(scopeKeys.length), scopeOffset = 0;
            while (scopeOffset < scopeKeys.length) {
              scopeParams[scopeOffset] = scopeKeys[scopeOffset];
              scopeValues[scopeOffset] = formatStringOrScope[scopeKeys[scopeOffset++]];
            }
            scopeParams[scopeOffset] = source;
            return Function.apply(null, scopeParams).apply(null, scopeValues);
          }
          return Function(source)();
        }
        var formatParams = new Array(arguments.length - 1), formatOffset = 0;
        while (formatOffset < formatParams.length)
          formatParams[formatOffset] = arguments[++formatOffset];
        formatOffset = 0;
        formatStringOrScope = formatStringOrScope.replace(/%([%dfijs])/g, /* @__PURE__ */ __name(function replace($0, $1) {
          var value = formatParams[formatOffset++];
          switch ($1) {
            case "d":
            case "f":
              value = Number(value);
              return Object.is(value, -0) ? "-0" : String(value);
            case "i":
              return String(Math.floor(value));
            case "j":
              return JSON.stringify(value);
            case "s":
              return String(value);
          }
          return "%";
        }, "replace"));
        if (formatOffset !== formatParams.length)
          throw Error("parameter count mismatch");
        body.push(formatStringOrScope);
        return Codegen;
      }
      __name(Codegen, "Codegen");
      function toString(functionNameOverride) {
        return "function " + safeFunctionName(functionNameOverride || functionName) + "(" + (functionParams && functionParams.join(",") || "") + "){\n  " + body.join("\n  ") + "\n}";
      }
      __name(toString, "toString");
      Object.defineProperty(Codegen, "toString", {
        value: toString,
        writable: true,
        enumerable: true,
        configurable: true
      });
      return Codegen;
    }
    __name(codegen, "codegen");
    codegen.verbose = false;
    function safeFunctionName(name) {
      if (!name)
        return "";
      name = String(name).replace(/[^\w$]/g, "");
      if (!name)
        return "";
      if (/^\d/.test(name))
        name = "_" + name;
      return reservedRe.test(name) ? name + "_" : name;
    }
    __name(safeFunctionName, "safeFunctionName");
  }
});

// node_modules/protobufjs/src/util/fs.js
var require_fs = __commonJS({
  "node_modules/protobufjs/src/util/fs.js"(exports, module) {
    "use strict";
    var fs = null;
    try {
      fs = __require(
        /* webpackIgnore: true */
        "fs"
      );
      if (!fs || !fs.readFile || !fs.readFileSync)
        fs = null;
    } catch (e) {
    }
    module.exports = fs;
  }
});

// node_modules/protobufjs/src/util/fetch.js
var require_fetch = __commonJS({
  "node_modules/protobufjs/src/util/fetch.js"(exports, module) {
    "use strict";
    module.exports = fetch;
    var asPromise = require_aspromise();
    var fs = require_fs();
    function fetch(filename, options, callback) {
      if (typeof options === "function") {
        callback = options;
        options = {};
      } else if (!options)
        options = {};
      if (!callback)
        return asPromise(fetch, this, filename, options);
      if (!options.xhr && fs && fs.readFile)
        return fs.readFile(filename, /* @__PURE__ */ __name(function fetchReadFileCallback(err, contents) {
          return err && typeof XMLHttpRequest !== "undefined" ? fetch.xhr(filename, options, callback) : err ? callback(err) : callback(null, options.binary ? contents : contents.toString("utf8"));
        }, "fetchReadFileCallback"));
      return fetch.xhr(filename, options, callback);
    }
    __name(fetch, "fetch");
    fetch.xhr = /* @__PURE__ */ __name(function fetch_xhr(filename, options, callback) {
      var xhr = new XMLHttpRequest();
      xhr.onreadystatechange = /* @__PURE__ */ __name(function fetchOnReadyStateChange() {
        if (xhr.readyState !== 4)
          return void 0;
        if (xhr.status !== 0 && xhr.status !== 200)
          return callback(Error("status " + xhr.status));
        if (options.binary) {
          var buffer = xhr.response;
          if (!buffer) {
            buffer = [];
            for (var i = 0; i < xhr.responseText.length; ++i)
              buffer.push(xhr.responseText.charCodeAt(i) & 255);
          }
          return callback(null, typeof Uint8Array !== "undefined" ? new Uint8Array(buffer) : buffer);
        }
        return callback(null, xhr.responseText);
      }, "fetchOnReadyStateChange");
      if (options.binary) {
        if ("overrideMimeType" in xhr)
          xhr.overrideMimeType("text/plain; charset=x-user-defined");
        xhr.responseType = "arraybuffer";
      }
      xhr.open("GET", filename);
      xhr.send();
    }, "fetch_xhr");
  }
});

// node_modules/protobufjs/src/util/path.js
var require_path = __commonJS({
  "node_modules/protobufjs/src/util/path.js"(exports) {
    "use strict";
    var path = exports;
    var urlRe = /^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//;
    function normalizeUrl(path2) {
      if (typeof URL === "undefined" || !urlRe.test(path2))
        return null;
      try {
        return new URL(path2).href;
      } catch (e) {
        return null;
      }
    }
    __name(normalizeUrl, "normalizeUrl");
    function resolveUrl(originPath, includePath) {
      if (typeof URL === "undefined" || !urlRe.test(originPath) || urlRe.test(includePath))
        return null;
      try {
        return new URL(includePath, originPath).href;
      } catch (e) {
        return null;
      }
    }
    __name(resolveUrl, "resolveUrl");
    var isAbsolute = (
      /**
       * Tests if the specified path is absolute.
       * @param {string} path Path to test
       * @returns {boolean} `true` if path is absolute
       */
      path.isAbsolute = /* @__PURE__ */ __name(function isAbsolute2(path2) {
        return /^(?:\/|\w+:|\\\\\w+)/.test(path2);
      }, "isAbsolute")
    );
    var normalize2 = (
      /**
       * Normalizes the specified path.
       * @param {string} path Path to normalize
       * @returns {string} Normalized path
       */
      path.normalize = /* @__PURE__ */ __name(function normalize3(path2) {
        var normalizedUrl = normalizeUrl(path2);
        if (normalizedUrl)
          return normalizedUrl;
        var firstTwoCharacters = path2.substring(0, 2);
        var uncPrefix = "";
        if (firstTwoCharacters === "\\\\") {
          uncPrefix = firstTwoCharacters;
          path2 = path2.substring(2);
        }
        path2 = path2.replace(/\\/g, "/").replace(/\/{2,}/g, "/");
        var parts = path2.split("/"), absolute = isAbsolute(path2), prefix = "";
        if (absolute)
          prefix = parts.shift() + "/";
        for (var i = 0; i < parts.length; ) {
          if (parts[i] === "..") {
            if (i > 0 && parts[i - 1] !== "..")
              parts.splice(--i, 2);
            else if (absolute)
              parts.splice(i, 1);
            else
              ++i;
          } else if (parts[i] === ".")
            parts.splice(i, 1);
          else
            ++i;
        }
        return uncPrefix + prefix + parts.join("/");
      }, "normalize")
    );
    path.resolve = /* @__PURE__ */ __name(function resolve2(originPath, includePath, alreadyNormalized) {
      var resolvedUrl = resolveUrl(originPath, includePath);
      if (resolvedUrl)
        return resolvedUrl;
      if (!alreadyNormalized)
        includePath = normalize2(includePath);
      if (isAbsolute(includePath))
        return includePath;
      if (!alreadyNormalized)
        originPath = normalize2(originPath);
      return (originPath = originPath.replace(/(?:\/|^)[^/]+$/, "")).length ? normalize2(originPath + "/" + includePath) : includePath;
    }, "resolve");
  }
});

// node_modules/protobufjs/src/namespace.js
var require_namespace = __commonJS({
  "node_modules/protobufjs/src/namespace.js"(exports, module) {
    "use strict";
    module.exports = Namespace;
    var ReflectionObject = require_object();
    Namespace.prototype = Object.create(ReflectionObject.prototype, {
      constructor: {
        value: Namespace,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    Namespace.className = "Namespace";
    var Field = require_field();
    var util = require_util();
    var OneOf = require_oneof();
    var Type;
    var Service;
    var Enum;
    Namespace.fromJSON = /* @__PURE__ */ __name(function fromJSON(name, json, depth) {
      if (depth === void 0)
        depth = 0;
      if (depth > util.recursionLimit)
        throw Error("max depth exceeded");
      return new Namespace(name, json.options).addJSON(json.nested, depth);
    }, "fromJSON");
    function arrayToJSON(array, toJSONOptions) {
      if (!(array && array.length))
        return void 0;
      var obj = {};
      for (var i = 0; i < array.length; ++i)
        obj[array[i].name] = array[i].toJSON(toJSONOptions);
      return obj;
    }
    __name(arrayToJSON, "arrayToJSON");
    Namespace.arrayToJSON = arrayToJSON;
    Namespace.isReservedId = /* @__PURE__ */ __name(function isReservedId(reserved, id) {
      if (reserved) {
        for (var i = 0; i < reserved.length; ++i)
          if (typeof reserved[i] !== "string" && reserved[i][0] <= id && reserved[i][1] >= id)
            return true;
      }
      return false;
    }, "isReservedId");
    Namespace.isReservedName = /* @__PURE__ */ __name(function isReservedName(reserved, name) {
      if (reserved) {
        for (var i = 0; i < reserved.length; ++i)
          if (reserved[i] === name)
            return true;
      }
      return false;
    }, "isReservedName");
    function Namespace(name, options) {
      ReflectionObject.call(this, name, options);
      this.nested = void 0;
      this._nestedArray = null;
      this._lookupCache = /* @__PURE__ */ Object.create(null);
      this._needsRecursiveFeatureResolution = true;
      this._needsRecursiveResolve = true;
    }
    __name(Namespace, "Namespace");
    function clearCache(namespace) {
      namespace._nestedArray = null;
      namespace._lookupCache = /* @__PURE__ */ Object.create(null);
      var parent = namespace;
      while (parent = parent.parent) {
        parent._lookupCache = /* @__PURE__ */ Object.create(null);
      }
      return namespace;
    }
    __name(clearCache, "clearCache");
    Object.defineProperty(Namespace.prototype, "nestedArray", {
      get: /* @__PURE__ */ __name(function() {
        return this._nestedArray || (this._nestedArray = util.toArray(this.nested));
      }, "get")
    });
    Namespace.prototype.toJSON = /* @__PURE__ */ __name(function toJSON(toJSONOptions) {
      return util.toObject([
        "options",
        this.options,
        "nested",
        arrayToJSON(this.nestedArray, toJSONOptions)
      ]);
    }, "toJSON");
    Namespace.prototype.addJSON = /* @__PURE__ */ __name(function addJSON(nestedJson, depth) {
      if (depth === void 0)
        depth = 0;
      if (depth > util.recursionLimit)
        throw Error("max depth exceeded");
      var ns = this;
      if (nestedJson) {
        for (var names = Object.keys(nestedJson), i = 0, nested; i < names.length; ++i) {
          nested = nestedJson[names[i]];
          ns.add(
            // most to least likely
            (nested.fields !== void 0 ? Type.fromJSON : nested.values !== void 0 ? Enum.fromJSON : nested.methods !== void 0 ? Service.fromJSON : nested.id !== void 0 ? Field.fromJSON : Namespace.fromJSON)(names[i], nested, depth + 1)
          );
        }
      }
      return this;
    }, "addJSON");
    Namespace.prototype.get = /* @__PURE__ */ __name(function get(name) {
      return this.nested && Object.prototype.hasOwnProperty.call(this.nested, name) ? this.nested[name] : null;
    }, "get");
    Namespace.prototype.getEnum = /* @__PURE__ */ __name(function getEnum(name) {
      if (this.nested && Object.prototype.hasOwnProperty.call(this.nested, name) && this.nested[name] instanceof Enum)
        return this.nested[name].values;
      throw Error("no such enum: " + name);
    }, "getEnum");
    Namespace.prototype.add = /* @__PURE__ */ __name(function add(object) {
      if (!(object instanceof Field && object.extend !== void 0 || object instanceof Type || object instanceof OneOf || object instanceof Enum || object instanceof Service || object instanceof Namespace))
        throw TypeError("object must be a valid nested object");
      if (object.name === "__proto__")
        return this;
      if (!this.nested)
        this.nested = {};
      else {
        var prev = this.get(object.name);
        if (prev) {
          if (prev instanceof Namespace && object instanceof Namespace && !(prev instanceof Type || prev instanceof Service)) {
            var nested = prev.nestedArray;
            for (var i = 0; i < nested.length; ++i)
              object.add(nested[i]);
            this.remove(prev);
            if (!this.nested)
              this.nested = {};
            object.setOptions(prev.options, true);
          } else
            throw Error("duplicate name '" + object.name + "' in " + this);
        }
      }
      this.nested[object.name] = object;
      if (!(this instanceof Type || this instanceof Service || this instanceof Enum || this instanceof Field)) {
        if (!object._edition) {
          object._edition = object._defaultEdition;
        }
      }
      this._needsRecursiveFeatureResolution = true;
      this._needsRecursiveResolve = true;
      var parent = this;
      while (parent = parent.parent) {
        parent._needsRecursiveFeatureResolution = true;
        parent._needsRecursiveResolve = true;
      }
      object.onAdd(this);
      return clearCache(this);
    }, "add");
    Namespace.prototype.remove = /* @__PURE__ */ __name(function remove(object) {
      if (!(object instanceof ReflectionObject))
        throw TypeError("object must be a ReflectionObject");
      if (object.parent !== this)
        throw Error(object + " is not a member of " + this);
      if (!util.remove(this.nested, object, object.name))
        throw Error(object + " is not a member of " + this);
      if (!Object.keys(this.nested).length)
        this.nested = void 0;
      object.onRemove(this);
      return clearCache(this);
    }, "remove");
    Namespace.prototype.define = /* @__PURE__ */ __name(function define2(path, json) {
      if (util.isString(path))
        path = path.split(".");
      else if (!Array.isArray(path))
        throw TypeError("illegal path");
      if (path && path.length && path[0] === "")
        throw Error("path must be relative");
      if (path.length > util.recursionLimit)
        throw Error("max depth exceeded");
      var ptr = this;
      while (path.length > 0) {
        var part = path.shift();
        if (ptr.nested && ptr.nested[part]) {
          ptr = ptr.nested[part];
          if (!(ptr instanceof Namespace))
            throw Error("path conflicts with non-namespace objects");
        } else
          ptr.add(ptr = new Namespace(part));
      }
      if (json)
        ptr.addJSON(json);
      return ptr;
    }, "define");
    Namespace.prototype.resolveAll = /* @__PURE__ */ __name(function resolveAll() {
      if (!this._needsRecursiveResolve) return this;
      if (this._needsRecursiveFeatureResolution)
        this._resolveFeaturesRecursive(this._edition);
      var nested = this.nestedArray, i = 0;
      this.resolve();
      while (i < nested.length)
        if (nested[i] instanceof Namespace)
          nested[i++].resolveAll();
        else
          nested[i++].resolve();
      this._needsRecursiveResolve = false;
      return this;
    }, "resolveAll");
    Namespace.prototype._resolveFeaturesRecursive = /* @__PURE__ */ __name(function _resolveFeaturesRecursive(edition) {
      if (!this._needsRecursiveFeatureResolution) return this;
      this._needsRecursiveFeatureResolution = false;
      edition = this._edition || edition;
      ReflectionObject.prototype._resolveFeaturesRecursive.call(this, edition);
      this.nestedArray.forEach((nested) => {
        nested._resolveFeaturesRecursive(edition);
      });
      return this;
    }, "_resolveFeaturesRecursive");
    Namespace.prototype.lookup = /* @__PURE__ */ __name(function lookup(path, filterTypes, parentAlreadyChecked) {
      if (typeof filterTypes === "boolean") {
        parentAlreadyChecked = filterTypes;
        filterTypes = void 0;
      } else if (filterTypes && !Array.isArray(filterTypes))
        filterTypes = [filterTypes];
      if (util.isString(path) && path.length) {
        if (path === ".")
          return this.root;
        path = path.split(".");
      } else if (!path.length)
        return this;
      var flatPath = path.join(".");
      if (path[0] === "")
        return this.root.lookup(path.slice(1), filterTypes);
      var found = this._lookupImpl(path, flatPath);
      if (found && (!filterTypes || filterTypes.indexOf(found.constructor) > -1)) {
        return found;
      }
      found = this.root._fullyQualifiedObjects && this.root._fullyQualifiedObjects["." + flatPath];
      if (found && (!filterTypes || filterTypes.indexOf(found.constructor) > -1)) {
        return found;
      }
      if (parentAlreadyChecked)
        return null;
      var current = this;
      while (current.parent) {
        found = current.parent._lookupImpl(path, flatPath);
        if (found && (!filterTypes || filterTypes.indexOf(found.constructor) > -1)) {
          return found;
        }
        current = current.parent;
      }
      return null;
    }, "lookup");
    Namespace.prototype._lookupImpl = /* @__PURE__ */ __name(function lookup(path, flatPath) {
      if (Object.prototype.hasOwnProperty.call(this._lookupCache, flatPath)) {
        return this._lookupCache[flatPath];
      }
      var found = this.get(path[0]);
      var exact = null;
      if (found) {
        if (path.length === 1) {
          exact = found;
        } else if (found instanceof Namespace) {
          path = path.slice(1);
          exact = found._lookupImpl(path, path.join("."));
        }
      } else {
        for (var i = 0; i < this.nestedArray.length; ++i)
          if (this._nestedArray[i] instanceof Namespace && (found = this._nestedArray[i]._lookupImpl(path, flatPath))) {
            exact = found;
            break;
          }
      }
      this._lookupCache[flatPath] = exact;
      return exact;
    }, "lookup");
    Namespace.prototype.lookupType = /* @__PURE__ */ __name(function lookupType(path) {
      var found = this.lookup(path, [Type]);
      if (!found)
        throw Error("no such type: " + path);
      return found;
    }, "lookupType");
    Namespace.prototype.lookupEnum = /* @__PURE__ */ __name(function lookupEnum(path) {
      var found = this.lookup(path, [Enum]);
      if (!found)
        throw Error("no such Enum '" + path + "' in " + this);
      return found;
    }, "lookupEnum");
    Namespace.prototype.lookupTypeOrEnum = /* @__PURE__ */ __name(function lookupTypeOrEnum(path) {
      var found = this.lookup(path, [Type, Enum]);
      if (!found)
        throw Error("no such Type or Enum '" + path + "' in " + this);
      return found;
    }, "lookupTypeOrEnum");
    Namespace.prototype.lookupService = /* @__PURE__ */ __name(function lookupService(path) {
      var found = this.lookup(path, [Service]);
      if (!found)
        throw Error("no such Service '" + path + "' in " + this);
      return found;
    }, "lookupService");
    Namespace._configure = function(Type_, Service_, Enum_) {
      Type = Type_;
      Service = Service_;
      Enum = Enum_;
    };
  }
});

// node_modules/protobufjs/src/mapfield.js
var require_mapfield = __commonJS({
  "node_modules/protobufjs/src/mapfield.js"(exports, module) {
    "use strict";
    module.exports = MapField;
    var Field = require_field();
    MapField.prototype = Object.create(Field.prototype, {
      constructor: {
        value: MapField,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    MapField.className = "MapField";
    var types = require_types4();
    var util = require_util();
    function MapField(name, id, keyType, type, options, comment) {
      Field.call(this, name, id, type, void 0, void 0, options, comment);
      if (!util.isString(keyType))
        throw TypeError("keyType must be a string");
      this.keyType = keyType;
      this.resolvedKeyType = null;
      this.map = true;
    }
    __name(MapField, "MapField");
    MapField.fromJSON = /* @__PURE__ */ __name(function fromJSON(name, json) {
      var field = new MapField(name, json.id, json.keyType, json.type, json.options, json.comment);
      if (json.protoName)
        field.protoName = json.protoName;
      if (json.jsonName !== void 0)
        field.jsonName = json.jsonName;
      else if (json.options && json.options.json_name !== void 0)
        field.jsonName = json.options.json_name;
      return field;
    }, "fromJSON");
    MapField.prototype.toJSON = /* @__PURE__ */ __name(function toJSON(toJSONOptions) {
      var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
      return util.toObject([
        "keyType",
        this.keyType,
        "type",
        this.type,
        "id",
        this.id,
        "extend",
        this.extend,
        "protoName",
        this.protoName !== this.name ? this.protoName : void 0,
        "jsonName",
        this.jsonName !== util.jsonName(this.protoName || this.name) ? this.jsonName : void 0,
        "options",
        this.options,
        "comment",
        keepComments ? this.comment : void 0
      ]);
    }, "toJSON");
    MapField.prototype.resolve = /* @__PURE__ */ __name(function resolve2() {
      if (this.resolved)
        return this;
      if (types.mapKey[this.keyType] === void 0)
        throw Error("invalid key type: " + this.keyType);
      return Field.prototype.resolve.call(this);
    }, "resolve");
    MapField.d = /* @__PURE__ */ __name(function decorateMapField(fieldId, fieldKeyType, fieldValueType) {
      if (typeof fieldValueType === "function")
        fieldValueType = util.decorateType(fieldValueType).name;
      else if (fieldValueType && typeof fieldValueType === "object")
        fieldValueType = util.decorateEnum(fieldValueType).name;
      return /* @__PURE__ */ __name(function mapFieldDecorator(prototype, fieldName) {
        util.decorateType(prototype.constructor).add(new MapField(fieldName, fieldId, fieldKeyType, fieldValueType));
      }, "mapFieldDecorator");
    }, "decorateMapField");
  }
});

// node_modules/protobufjs/src/method.js
var require_method = __commonJS({
  "node_modules/protobufjs/src/method.js"(exports, module) {
    "use strict";
    module.exports = Method;
    var ReflectionObject = require_object();
    Method.prototype = Object.create(ReflectionObject.prototype, {
      constructor: {
        value: Method,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    Method.className = "Method";
    var util = require_util();
    function Method(name, type, requestType, responseType, requestStream, responseStream, options, comment, parsedOptions) {
      if (util.isObject(requestStream)) {
        options = requestStream;
        requestStream = responseStream = void 0;
      } else if (util.isObject(responseStream)) {
        options = responseStream;
        responseStream = void 0;
      }
      if (!(type === void 0 || util.isString(type)))
        throw TypeError("type must be a string");
      if (!util.isString(requestType))
        throw TypeError("requestType must be a string");
      if (!util.isString(responseType))
        throw TypeError("responseType must be a string");
      ReflectionObject.call(this, name, options);
      this.type = type || "rpc";
      this.requestType = requestType;
      this.requestStream = requestStream ? true : void 0;
      this.responseType = responseType;
      this.responseStream = responseStream ? true : void 0;
      this.path = "/" + this.name;
      this.resolvedRequestType = null;
      this.resolvedResponseType = null;
      this.comment = comment;
      this.parsedOptions = parsedOptions;
    }
    __name(Method, "Method");
    Method.fromJSON = /* @__PURE__ */ __name(function fromJSON(name, json) {
      return new Method(name, json.type, json.requestType, json.responseType, json.requestStream, json.responseStream, json.options, json.comment, json.parsedOptions);
    }, "fromJSON");
    Method.prototype.toJSON = /* @__PURE__ */ __name(function toJSON(toJSONOptions) {
      var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
      return util.toObject([
        "type",
        this.type !== "rpc" && /* istanbul ignore next */
        this.type || void 0,
        "requestType",
        this.requestType,
        "requestStream",
        this.requestStream,
        "responseType",
        this.responseType,
        "responseStream",
        this.responseStream,
        "options",
        this.options,
        "comment",
        keepComments ? this.comment : void 0,
        "parsedOptions",
        this.parsedOptions
      ]);
    }, "toJSON");
    Method.prototype.resolve = /* @__PURE__ */ __name(function resolve2() {
      if (this.resolved)
        return this;
      if (this.parent) {
        var serviceName = this.parent.fullName;
        if (serviceName.charAt(0) === ".")
          serviceName = serviceName.substring(1);
        this.path = "/" + serviceName + "/" + this.name;
      } else
        this.path = "/" + this.name;
      this.resolvedRequestType = this.parent.lookupType(this.requestType);
      this.resolvedResponseType = this.parent.lookupType(this.responseType);
      return ReflectionObject.prototype.resolve.call(this);
    }, "resolve");
  }
});

// node_modules/protobufjs/src/service.js
var require_service3 = __commonJS({
  "node_modules/protobufjs/src/service.js"(exports, module) {
    "use strict";
    module.exports = Service;
    var Namespace = require_namespace();
    Service.prototype = Object.create(Namespace.prototype, {
      constructor: {
        value: Service,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    Service.className = "Service";
    var Method = require_method();
    var util = require_util();
    var rpc = require_rpc();
    function Service(name, options) {
      Namespace.call(this, name, options);
      this.methods = {};
      this._methodsArray = null;
    }
    __name(Service, "Service");
    Service.fromJSON = /* @__PURE__ */ __name(function fromJSON(name, json, depth) {
      if (depth === void 0)
        depth = 0;
      if (depth > util.recursionLimit)
        throw Error("max depth exceeded");
      var service = new Service(name, json.options);
      if (json.methods)
        for (var names = Object.keys(json.methods), i = 0; i < names.length; ++i)
          service.add(Method.fromJSON(names[i], json.methods[names[i]]));
      if (json.nested)
        service.addJSON(json.nested, depth);
      if (json.edition)
        service._edition = json.edition;
      service.comment = json.comment;
      service._defaultEdition = "proto3";
      return service;
    }, "fromJSON");
    Service.prototype.toJSON = /* @__PURE__ */ __name(function toJSON(toJSONOptions) {
      var inherited = Namespace.prototype.toJSON.call(this, toJSONOptions);
      var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
      return util.toObject([
        "edition",
        this._editionToJSON(),
        "options",
        inherited && inherited.options || void 0,
        "methods",
        Namespace.arrayToJSON(this.methodsArray, toJSONOptions) || /* istanbul ignore next */
        {},
        "nested",
        inherited && inherited.nested || void 0,
        "comment",
        keepComments ? this.comment : void 0
      ]);
    }, "toJSON");
    Object.defineProperty(Service.prototype, "methodsArray", {
      get: /* @__PURE__ */ __name(function() {
        return this._methodsArray || (this._methodsArray = util.toArray(this.methods));
      }, "get")
    });
    function clearCache(service) {
      service._methodsArray = null;
      return service;
    }
    __name(clearCache, "clearCache");
    Service.prototype.get = /* @__PURE__ */ __name(function get(name) {
      return Object.prototype.hasOwnProperty.call(this.methods, name) ? this.methods[name] : Namespace.prototype.get.call(this, name);
    }, "get");
    Service.prototype.resolveAll = /* @__PURE__ */ __name(function resolveAll() {
      if (!this._needsRecursiveResolve) return this;
      Namespace.prototype.resolve.call(this);
      var methods = this.methodsArray;
      for (var i = 0; i < methods.length; ++i)
        methods[i].resolve();
      return this;
    }, "resolveAll");
    Service.prototype._resolveFeaturesRecursive = /* @__PURE__ */ __name(function _resolveFeaturesRecursive(edition) {
      if (!this._needsRecursiveFeatureResolution) return this;
      edition = this._edition || edition;
      Namespace.prototype._resolveFeaturesRecursive.call(this, edition);
      this.methodsArray.forEach((method) => {
        method._resolveFeaturesRecursive(edition);
      });
      return this;
    }, "_resolveFeaturesRecursive");
    Service.prototype.add = /* @__PURE__ */ __name(function add(object) {
      if (this.get(object.name))
        throw Error("duplicate name '" + object.name + "' in " + this);
      if (object instanceof Method) {
        if (object.name === "__proto__")
          return this;
        this.methods[object.name] = object;
        object.parent = this;
        return clearCache(this);
      }
      return Namespace.prototype.add.call(this, object);
    }, "add");
    Service.prototype.remove = /* @__PURE__ */ __name(function remove(object) {
      if (object instanceof Method) {
        if (this.methods[object.name] !== object)
          throw Error(object + " is not a member of " + this);
        delete this.methods[object.name];
        object.parent = null;
        return clearCache(this);
      }
      return Namespace.prototype.remove.call(this, object);
    }, "remove");
    Service.prototype.create = /* @__PURE__ */ __name(function create(rpcImpl, requestDelimited, responseDelimited) {
      var rpcService = new rpc.Service(rpcImpl, requestDelimited, responseDelimited);
      for (var i = 0, method; i < /* initializes */
      this.methodsArray.length; ++i) {
        var methodName = util.lcFirst((method = this._methodsArray[i]).resolve().name).replace(/[^$\w_]/g, "");
        rpcService[methodName] = /* @__PURE__ */ (function(method2, requestType, responseType) {
          return /* @__PURE__ */ __name(function rpcMethod(request, callback) {
            return rpc.Service.prototype.rpcCall.call(this, method2, requestType, responseType, request, callback);
          }, "rpcMethod");
        })(method, method.resolvedRequestType.ctor, method.resolvedResponseType.ctor);
      }
      return rpcService;
    }, "create");
  }
});

// node_modules/protobufjs/src/message.js
var require_message = __commonJS({
  "node_modules/protobufjs/src/message.js"(exports, module) {
    "use strict";
    module.exports = Message;
    var util = require_minimal();
    function Message(properties2) {
      if (properties2) {
        for (var keys = Object.keys(properties2), i = 0; i < keys.length; ++i)
          if (properties2[keys[i]] != null && keys[i] !== "__proto__")
            this[keys[i]] = properties2[keys[i]];
      }
    }
    __name(Message, "Message");
    Message.create = /* @__PURE__ */ __name(function create(properties2) {
      return this.$type.create(properties2);
    }, "create");
    Message.encode = /* @__PURE__ */ __name(function encode(message, writer) {
      return this.$type.encode(message, writer);
    }, "encode");
    Message.encodeDelimited = /* @__PURE__ */ __name(function encodeDelimited(message, writer) {
      return this.$type.encodeDelimited(message, writer);
    }, "encodeDelimited");
    Message.decode = /* @__PURE__ */ __name(function decode(reader) {
      return this.$type.decode(reader);
    }, "decode");
    Message.decodeDelimited = /* @__PURE__ */ __name(function decodeDelimited(reader) {
      return this.$type.decodeDelimited(reader);
    }, "decodeDelimited");
    Message.verify = /* @__PURE__ */ __name(function verify(message) {
      return this.$type.verify(message);
    }, "verify");
    Message.fromObject = /* @__PURE__ */ __name(function fromObject(object) {
      return this.$type.fromObject(object);
    }, "fromObject");
    Message.toObject = /* @__PURE__ */ __name(function toObject(message, options) {
      return this.$type.toObject(message, options);
    }, "toObject");
    Message.prototype.toJSON = /* @__PURE__ */ __name(function toJSON() {
      return this.$type.toObject(this, util.toJSONOptions);
    }, "toJSON");
  }
});

// node_modules/protobufjs/src/decoder.js
var require_decoder = __commonJS({
  "node_modules/protobufjs/src/decoder.js"(exports, module) {
    "use strict";
    module.exports = decoder;
    var Enum = require_enum();
    var types = require_types4();
    var util = require_util();
    function missing(field) {
      return "missing required '" + field.name + "'";
    }
    __name(missing, "missing");
    function stringMethod(field) {
      return field._features.utf8_validation === "VERIFY" ? "stringVerify" : "string";
    }
    __name(stringMethod, "stringMethod");
    function genPreserveUnknown(gen, ref) {
      return gen("if(!r.discardUnknown){")('util.makeProp(m,"$unknowns",false);')("(m.$unknowns||(m.$unknowns=[])).push(%s)", ref)("}");
    }
    __name(genPreserveUnknown, "genPreserveUnknown");
    function decoder(mtype) {
      var hasMapField = false, needsValueVar = false, i = 0;
      for (; i < mtype.fieldsArray.length; ++i) {
        var pfield = mtype._fieldsArray[i];
        if (pfield.map)
          hasMapField = true;
        if (pfield.resolvedType instanceof Enum || !pfield.repeated && !pfield.map && !pfield.hasPresence)
          needsValueVar = true;
      }
      var gen = util.codegen(["r", "l", "z", "q", "g"])("if(!(r instanceof Reader))")("r=Reader.create(r)")("if(q===undefined)q=0")("if(q>Reader.recursionLimit)")('throw Error("max depth exceeded")')("var c,m" + (hasMapField ? ",k,v" : needsValueVar ? ",v" : ""))("if(l===undefined)")("c=r.len")("else{")("c=r.pos+l")("if(c>r.len)")('throw RangeError("index out of range")')("l=r.len")("r.len=c")("}")("m=g||new C")("while(r.pos<c){")("var s=r.pos")("var t=r.tag()")("if(t===z){")("z=undefined")("break")("}");
      if (mtype.fieldsArray.length) gen("var u=t&7")("switch(t>>>=3){");
      for (i = 0; i < /* initializes */
      mtype.fieldsArray.length; ++i) {
        var field = mtype._fieldsArray[i].resolve(), type = field.resolvedType instanceof Enum ? "int32" : field.type, ref = "m" + util.safeProp(field.name), closed = field.resolvedType instanceof Enum && field.resolvedType._features.enum_type === "CLOSED";
        if (field.map) {
          gen("case %i:{", field.id)("if(u!==2)")("break");
          if (!closed) gen("if(%s===util.emptyObject)", ref)("%s={}", ref);
          gen("var c2=r.size()+r.pos")("if(c2>r.len)")('throw RangeError("index out of range")')("r.len=c2");
          if (types.defaults[field.keyType] !== void 0) gen("k=%j", types.defaults[field.keyType]);
          else gen("k=null");
          if (types.long[type] !== void 0) gen("v=util.Long?util.Long.fromNumber(0,%j):0", type === "uint64" || type === "fixed64");
          else if (types.defaults[type] !== void 0) gen("v=%j", types.defaults[type]);
          else gen("v=null");
          gen("while(r.pos<c2){")("var t2=r.tag()")("u=t2&7")("switch(t2>>>=3){")("case 1:")("if(u!==%i)", types.mapKey[field.keyType])("break")("k=r.%s()", field.keyType === "string" ? stringMethod(field) : field.keyType)("continue")("case 2:")("if(u!==%i)", types.basic[type] === void 0 ? 2 : types.basic[type])("break");
          if (types.basic[type] === void 0) gen("v=types[%i].decode(r,r.size(),undefined,q+1,v)", i);
          else gen("v=r.%s()", type === "string" ? stringMethod(field) : type);
          gen("continue")("}")("r.skipType(u,q,t2)")("}");
          gen("if(r.pos!==c2)")('throw RangeError("index out of range")')("r.len=c");
          if (closed) {
            gen("if(types[%i].valuesById[v]===undefined){", i);
            genPreserveUnknown(gen, "r.raw(s,r.pos)")("continue")("}")("if(%s===util.emptyObject)", ref)("%s={}", ref);
          }
          var val = types.basic[type] === void 0 ? "v||new types[" + i + "].ctor" : "v";
          if (types.long[field.keyType] !== void 0) gen('%s[typeof k==="object"?util.longToHash(k):k]=%s', ref, val);
          else {
            if (field.keyType === "string") gen('if(k==="__proto__")')("util.makeProp(%s,k)", ref);
            gen("%s[k]=%s", ref, val);
          }
        } else if (field.repeated) {
          gen("case %i:", field.id)("{");
          if (types.packed[type] !== void 0) {
            gen("if(u===2){");
            if (closed) {
              gen("var c2=r.size()+r.pos")("if(c2>r.len)")('throw RangeError("index out of range")')("r.len=c2")("while(r.pos<c2){")("s=r.pos")("v=r.%s()", type)("if(types[%i].valuesById[v]!==undefined){", i)("if(!(%s&&%s.length))", ref, ref)("%s=[]", ref)("%s.push(v)", ref)("}else");
              genPreserveUnknown(gen, "util.rawField(" + field.id + ",0,r.raw(s,r.pos))")("}");
              gen("if(r.pos!==c2)")('throw RangeError("index out of range")')("r.len=c");
            } else gen("if(!(%s&&%s.length))", ref, ref)("%s=[]", ref)("r.%ss(%s)", type, ref);
            gen("continue")("}");
          }
          gen("if(u!==%i)", types.basic[type] === void 0 ? field.delimited ? 3 : 2 : types.basic[type])("break");
          if (!closed) gen("if(!(%s&&%s.length))", ref, ref)("%s=[]", ref);
          if (types.basic[type] === void 0) {
            if (field.delimited) gen("%s.push(types[%i].decode(r,undefined,%i,q+1))", ref, i, field.id * 8 + 4);
            else gen("%s.push(types[%i].decode(r,r.size(),undefined,q+1))", ref, i);
          } else if (closed) {
            gen("v=r.%s()", type)("if(types[%i].valuesById[v]!==undefined){", i)("if(!(%s&&%s.length))", ref, ref)("%s=[]", ref)("%s.push(v)", ref)("}else");
            genPreserveUnknown(gen, "r.raw(s,r.pos)");
          } else gen("%s.push(r.%s())", ref, type === "string" ? stringMethod(field) : type);
        } else if (types.basic[type] === void 0) {
          gen("case %i:{", field.id)("if(u!==%i)", field.delimited ? 3 : 2)("break");
          if (field.delimited) gen("%s=types[%i].decode(r,undefined,%i,q+1,%s)", ref, i, field.id * 8 + 4, ref);
          else gen("%s=types[%i].decode(r,r.size(),undefined,q+1,%s)", ref, i, ref);
        } else if (field.hasPresence) {
          gen("case %i:{", field.id)("if(u!==%i)", types.basic[type])("break");
          if (closed) {
            gen("v=r.%s()", type)("if(types[%i].valuesById[v]!==undefined){", i)("%s=v", ref);
            if (field.partOf) gen("m%s=%j", util.safeProp(field.partOf.name), field.name);
            gen("}else");
            genPreserveUnknown(gen, "r.raw(s,r.pos)");
          } else gen("%s=r.%s()", ref, type === "string" ? stringMethod(field) : type);
        } else {
          gen("case %i:{", field.id)("if(u!==%i)", types.basic[type])("break");
          if (closed) {
            gen("v=r.%s()", type)("if(types[%i].valuesById[v]!==undefined){", i)("if(v!==%j)", field.typeDefault)("%s=v", ref)("else")("delete %s", ref)("}else{");
            genPreserveUnknown(gen, "r.raw(s,r.pos)")("}");
          } else {
            if (field.resolvedType instanceof Enum && field.typeDefault !== 0) gen("if((v=r.%s())!==%j)", type, field.typeDefault);
            else if (type === "string") gen("if((v=r.%s()).length)", stringMethod(field));
            else if (type === "bytes") gen("if((v=r.%s()).length)", type);
            else if (types.long[type] !== void 0) gen('if(typeof(v=r.%s())==="object"?v.low||v.high:v!==0)', type);
            else if (type === "double" || type === "float") gen("if(!Object.is(v=r.%s(),0))", type);
            else gen("if(v=r.%s())", type);
            gen("%s=v", ref)("else")("delete %s", ref);
          }
        }
        if (field.partOf && !closed) gen("m%s=%j", util.safeProp(field.partOf.name), field.name);
        gen("continue")("}");
      }
      if (i) gen("}");
      gen("r.skipType(%s,q,t)", i ? "u" : "t&7");
      genPreserveUnknown(gen, "r.raw(s,r.pos)")("}")("if(l!==undefined){")("if(r.pos!==c)")('throw RangeError("index out of range")')("r.len=l")("}")("if(z!==undefined)")('throw Error("missing end group")');
      for (i = 0; i < mtype._fieldsArray.length; ++i) {
        var rfield = mtype._fieldsArray[i];
        if (rfield.required) gen("if(!Object.hasOwnProperty.call(m,%j))", rfield.name)("throw util.ProtocolError(%j,{instance:m})", missing(rfield));
      }
      return gen("return m");
    }
    __name(decoder, "decoder");
  }
});

// node_modules/protobufjs/src/verifier.js
var require_verifier = __commonJS({
  "node_modules/protobufjs/src/verifier.js"(exports, module) {
    "use strict";
    module.exports = verifier;
    var Enum = require_enum();
    var util = require_util();
    function invalid(field, expected) {
      return field.name + ": " + expected + (field.repeated && expected !== "array" ? "[]" : field.map && expected !== "object" ? "{k:" + field.keyType + "}" : "") + " expected";
    }
    __name(invalid, "invalid");
    function genVerifyValue(gen, field, fieldIndex, ref) {
      var resolvedType = field.resolvedType;
      if (resolvedType) {
        if (resolvedType instanceof Enum) {
          if (resolvedType._features.enum_type === "CLOSED") {
            gen("switch(%s){", ref)("default:")("return%j", invalid(field, "enum value"));
            for (var keys = Object.keys(resolvedType.values), j = 0; j < keys.length; ++j) gen("case %i:", resolvedType.values[keys[j]]);
            gen("break")("}");
          } else gen('if(typeof %s!=="number"||(%s|0)!==%s)', ref, ref, ref)("return%j", invalid(field, "enum value"));
        } else {
          gen("{")("var e=types[%i].verify(%s,q+1);", fieldIndex, ref)("if(e)")("return%j+e", field.name + ".")("}");
        }
      } else {
        switch (field.type) {
          case "int32":
          case "uint32":
          case "sint32":
          case "fixed32":
          case "sfixed32":
            gen("if(!util.isInteger(%s))", ref)("return%j", invalid(field, "integer"));
            break;
          case "int64":
          case "uint64":
          case "sint64":
          case "fixed64":
          case "sfixed64":
            gen("if(!util.isInteger(%s)&&!(%s&&util.isInteger(%s.low)&&util.isInteger(%s.high)))", ref, ref, ref, ref)("return%j", invalid(field, "integer|Long"));
            break;
          case "float":
          case "double":
            gen('if(typeof %s!=="number")', ref)("return%j", invalid(field, "number"));
            break;
          case "bool":
            gen('if(typeof %s!=="boolean")', ref)("return%j", invalid(field, "boolean"));
            break;
          case "string":
            gen("if(!util.isString(%s))", ref)("return%j", invalid(field, "string"));
            break;
          case "bytes":
            gen('if(!(%s&&typeof %s.length==="number"||util.isString(%s)))', ref, ref, ref)("return%j", invalid(field, "buffer"));
            break;
        }
      }
      return gen;
    }
    __name(genVerifyValue, "genVerifyValue");
    function genVerifyKey(gen, field, ref) {
      switch (field.keyType) {
        case "int32":
        case "uint32":
        case "sint32":
        case "fixed32":
        case "sfixed32":
          gen("if(!util.key32Re.test(%s))", ref)("return%j", invalid(field, "integer key"));
          break;
        case "int64":
        case "uint64":
        case "sint64":
        case "fixed64":
        case "sfixed64":
          gen("if(!util.key64Re.test(%s))", ref)("return%j", invalid(field, "integer|Long key"));
          break;
        case "bool":
          gen("if(!util.key2Re.test(%s))", ref)("return%j", invalid(field, "boolean key"));
          break;
      }
      return gen;
    }
    __name(genVerifyKey, "genVerifyKey");
    function verifier(mtype) {
      var gen = util.codegen(["m", "q"])('if(typeof m!=="object"||m===null)')("return%j", "object expected")("if(q===undefined)q=0")("if(q>util.recursionLimit)")("return%j", "max depth exceeded");
      var oneofs = mtype.oneofsArray, seenFirstField = {};
      if (oneofs.length) gen("var p={}");
      for (var i = 0; i < /* initializes */
      mtype.fieldsArray.length; ++i) {
        var field = mtype._fieldsArray[i].resolve(), ref = "m" + util.safeProp(field.name);
        if (field.optional) gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j)){", ref, field.name);
        if (field.map) {
          gen("if(!util.isObject(%s))", ref)("return%j", invalid(field, "object"))("var k=Object.keys(%s)", ref)("for(var i=0;i<k.length;++i){");
          genVerifyKey(gen, field, "k[i]");
          genVerifyValue(gen, field, i, ref + "[k[i]]")("}");
        } else if (field.repeated) {
          gen("if(!Array.isArray(%s))", ref)("return%j", invalid(field, "array"))("for(var i=0;i<%s.length;++i){", ref);
          genVerifyValue(gen, field, i, ref + "[i]")("}");
        } else {
          if (field.partOf) {
            var oneofProp = util.safeProp(field.partOf.name);
            if (seenFirstField[field.partOf.name] === 1) gen("if(p%s===1)", oneofProp)("return%j", field.partOf.name + ": multiple values");
            seenFirstField[field.partOf.name] = 1;
            gen("p%s=1", oneofProp);
          }
          genVerifyValue(gen, field, i, ref);
        }
        if (field.optional) gen("}");
      }
      return gen("return null");
    }
    __name(verifier, "verifier");
  }
});

// node_modules/protobufjs/src/converter.js
var require_converter = __commonJS({
  "node_modules/protobufjs/src/converter.js"(exports) {
    "use strict";
    var converter = exports;
    var Enum = require_enum();
    var types = require_types4();
    var util = require_util();
    function genValuePartial_fromObject(gen, field, fieldIndex, prop, dstProp) {
      if (field.resolvedType) {
        if (field.resolvedType instanceof Enum) {
          var dst = dstProp ? "m" + dstProp + "[m" + dstProp + ".length]" : "m" + prop;
          gen("switch(d%s){", prop);
          for (var values = field.resolvedType.values, keys = Object.keys(values), i = 0; i < keys.length; ++i) {
            gen("case%j:", keys[i])("case %i:", values[keys[i]])("%s=%j", dst, values[keys[i]])("break");
          }
          gen("default:");
          if (field.resolvedType._features.enum_type !== "CLOSED") {
            gen('if(typeof d%s==="number"&&(d%s|0)===d%s)', prop, prop, prop)("%s=d%s", dst, prop);
          }
          gen("}");
        } else gen("if(!util.isObject(d%s))", prop)("throw TypeError(%j)", field.fullName + ": object expected")("m%s=types[%i].fromObject(d%s,q+1)", prop, fieldIndex, prop);
      } else {
        var isUnsigned = false;
        switch (field.type) {
          case "double":
          case "float":
            gen("m%s=Number(d%s)", prop, prop);
            break;
          case "uint32":
          case "fixed32":
            gen("m%s=d%s>>>0", prop, prop);
            break;
          case "int32":
          case "sint32":
          case "sfixed32":
            gen("m%s=d%s|0", prop, prop);
            break;
          case "uint64":
          case "fixed64":
            isUnsigned = true;
          // eslint-disable-next-line no-fallthrough
          case "int64":
          case "sint64":
          case "sfixed64":
            gen("if(util.Long)")("m%s=util.Long.fromValue(d%s,%j)", prop, prop, isUnsigned)('else if(typeof d%s==="string")', prop)("m%s=parseInt(d%s,10)", prop, prop)('else if(typeof d%s==="number")', prop)("m%s=d%s", prop, prop)('else if(typeof d%s==="object")', prop)("m%s=new util.LongBits(d%s.low>>>0,d%s.high>>>0).toNumber(%s)", prop, prop, prop, isUnsigned ? "true" : "");
            break;
          case "bytes":
            gen('if(typeof d%s==="string")', prop)("util.base64.decode(d%s,m%s=util.newBuffer(util.base64.length(d%s)),0)", prop, prop, prop)("else if(d%s.length>=0)", prop)("m%s=d%s", prop, prop);
            break;
          case "string":
            gen("m%s=String(d%s)", prop, prop);
            break;
          case "bool":
            gen("m%s=Boolean(d%s)", prop, prop);
            break;
        }
      }
      return gen;
    }
    __name(genValuePartial_fromObject, "genValuePartial_fromObject");
    converter.fromObject = /* @__PURE__ */ __name(function fromObject(mtype) {
      var fields = mtype.fieldsArray;
      var gen = util.codegen(["d", "q"])("if(d instanceof C)")("return d")("if(!util.isObject(d))")("throw TypeError(%j)", mtype.fullName + ": object expected")("if(q===undefined)q=0")("if(q>util.recursionLimit)")('throw Error("max depth exceeded")');
      if (!fields.length) return gen("return new C");
      gen("var m=new C");
      for (var i = 0; i < fields.length; ++i) {
        var field = fields[i].resolve(), prop = util.safeProp(field.name), implicitPresence = !field.hasPresence && !field.repeated && !field.map && (field.resolvedType instanceof Enum || types.basic[field.type] !== void 0);
        if (field.map) {
          gen("if(d%s){", prop)("if(!util.isObject(d%s))", prop)("throw TypeError(%j)", field.fullName + ": object expected")("m%s={}", prop)("for(var ks=Object.keys(d%s),i=0;i<ks.length;++i){", prop);
          gen('if(ks[i]==="__proto__")')("util.makeProp(m%s,ks[i])", prop);
          genValuePartial_fromObject(
            gen,
            field,
            /* not sorted */
            i,
            prop + "[ks[i]]"
          )("}")("}");
        } else if (field.repeated) {
          gen("if(d%s){", prop)("if(!Array.isArray(d%s))", prop)("throw TypeError(%j)", field.fullName + ": array expected");
          if (field.resolvedType instanceof Enum) gen("m%s=[]", prop);
          else gen("m%s=Array(d%s.length)", prop, prop);
          gen("for(var i=0;i<d%s.length;++i){", prop);
          genValuePartial_fromObject(
            gen,
            field,
            /* not sorted */
            i,
            prop + "[i]",
            field.resolvedType instanceof Enum ? prop : void 0
          )("}")("}");
        } else {
          if (!(field.resolvedType instanceof Enum)) gen("if(d%s!=null){", prop);
          if (implicitPresence) {
            if (field.resolvedType instanceof Enum) gen('if(d%s!==%j&&(typeof d%s!=="string"||types[%i].values[d%s]!==%j)){', prop, field.typeDefault, prop, i, prop, field.typeDefault);
            else if (field.type === "string") gen('if(typeof d%s!=="string"||d%s.length){', prop, prop);
            else if (field.type === "bytes") gen("if(d%s.length){", prop);
            else if (field.type === "bool") gen("if(d%s){", prop);
            else if (field.type === "double" || field.type === "float") gen("if(!Object.is(Number(d%s),0)){", prop);
            else if (types.long[field.type] !== void 0) gen('if(typeof d%s==="object"?d%s.low||d%s.high:Number(d%s)!==0){', prop, prop, prop, prop);
            else gen("if(Number(d%s)!==0){", prop);
          }
          genValuePartial_fromObject(
            gen,
            field,
            /* not sorted */
            i,
            prop
          );
          if (implicitPresence) gen("}");
          if (!(field.resolvedType instanceof Enum)) gen("}");
        }
      }
      return gen("return m");
    }, "fromObject");
    function genValuePartial_toObject(gen, field, fieldIndex, dstProp, srcProp) {
      if (!srcProp)
        srcProp = dstProp;
      if (field.resolvedType) {
        if (field.resolvedType instanceof Enum) gen("d%s=o.enums===String?(types[%i].values[m%s]===undefined?m%s:types[%i].values[m%s]):m%s", dstProp, fieldIndex, srcProp, srcProp, fieldIndex, srcProp, srcProp);
        else gen("d%s=types[%i].toObject(m%s,o,q+1)", dstProp, fieldIndex, srcProp);
      } else {
        var isUnsigned = false;
        switch (field.type) {
          case "double":
          case "float":
            gen("d%s=o.json&&!isFinite(m%s)?String(m%s):m%s", dstProp, srcProp, srcProp, srcProp);
            break;
          case "uint64":
          case "fixed64":
            isUnsigned = true;
          // eslint-disable-next-line no-fallthrough
          case "int64":
          case "sint64":
          case "sfixed64":
            gen('if(typeof BigInt!=="undefined"&&o.longs===BigInt)')('d%s=typeof m%s==="number"?BigInt(m%s):util.Long.fromBits(m%s.low>>>0,m%s.high>>>0,%j).toBigInt()', dstProp, srcProp, srcProp, srcProp, srcProp, isUnsigned)('else if(typeof m%s==="number")', srcProp)("d%s=o.longs===String?String(m%s):m%s", dstProp, srcProp, srcProp)("else")("d%s=o.longs===String?util.Long.prototype.toString.call(m%s):o.longs===Number?new util.LongBits(m%s.low>>>0,m%s.high>>>0).toNumber(%s):m%s", dstProp, srcProp, srcProp, srcProp, isUnsigned ? "true" : "", srcProp);
            break;
          case "bytes":
            gen("d%s=o.bytes===String?util.base64.encode(m%s,0,m%s.length):o.bytes===Array?Array.prototype.slice.call(m%s):m%s", dstProp, srcProp, srcProp, srcProp, srcProp);
            break;
          default:
            gen("d%s=m%s", dstProp, srcProp);
            break;
        }
      }
      return gen;
    }
    __name(genValuePartial_toObject, "genValuePartial_toObject");
    converter.toObject = /* @__PURE__ */ __name(function toObject(mtype) {
      var fields = mtype.fieldsArray.slice().sort(util.compareFieldsById);
      if (!fields.length)
        return util.codegen()("return {}");
      var gen = util.codegen(["m", "o", "q"])("if(!o)")("o={}")("if(q===undefined)q=0")("if(q>util.recursionLimit)")('throw Error("max depth exceeded")')("var d={}");
      var repeatedFields = [], mapFields = [], normalFields = [], i = 0;
      for (; i < fields.length; ++i)
        if (!fields[i].partOf)
          (fields[i].resolve().repeated ? repeatedFields : fields[i].map ? mapFields : normalFields).push(fields[i]);
      if (repeatedFields.length) {
        gen("if(o.arrays||o.defaults){");
        for (i = 0; i < repeatedFields.length; ++i) gen("d%s=[]", util.safeProp(repeatedFields[i].name));
        gen("}");
      }
      if (mapFields.length) {
        gen("if(o.objects||o.defaults){");
        for (i = 0; i < mapFields.length; ++i) gen("d%s={}", util.safeProp(mapFields[i].name));
        gen("}");
      }
      if (normalFields.length) {
        gen("if(o.defaults){");
        for (i = 0; i < normalFields.length; ++i) {
          var field = normalFields[i], prop = util.safeProp(field.name);
          if (field.resolvedType instanceof Enum) gen("d%s=o.enums===String?%j:%j", prop, field.resolvedType.valuesById[field.typeDefault], field.typeDefault);
          else if (field.long) gen("if(util.Long){")("var n=new util.Long(%i,%i,%j)", field.typeDefault.low, field.typeDefault.high, field.typeDefault.unsigned)('d%s=o.longs===String?n.toString():o.longs===Number?n.toNumber():typeof BigInt!=="undefined"&&o.longs===BigInt?n.toBigInt():n', prop)("}else")('d%s=o.longs===String?%j:typeof BigInt!=="undefined"&&o.longs===BigInt?BigInt(%j):%i', prop, field.typeDefault.toString(), field.typeDefault.toString(), field.typeDefault.toNumber());
          else if (field.bytes) {
            var arrayDefault = Array.prototype.slice.call(field.typeDefault);
            gen("if(o.bytes===String)d%s=%j", prop, util.base64.encode(field.typeDefault, 0, field.typeDefault.length))("else{")("d%s=%j", prop, arrayDefault)("if(o.bytes!==Array)d%s=util.newBuffer(d%s)", prop, prop)("}");
          } else if ((field.type === "double" || field.type === "float") && typeof field.typeDefault === "number" && (!isFinite(field.typeDefault) || Object.is(field.typeDefault, -0))) gen("d%s=%f", prop, field.typeDefault)("if(o.json&&!isFinite(d%s))d%s=String(d%s)", prop, prop, prop);
          else gen("d%s=%j", prop, field.typeDefault);
        }
        gen("}");
      }
      var hasKs2 = false;
      for (i = 0; i < fields.length; ++i) {
        var field = fields[i], index = mtype._fieldsArray.indexOf(field), prop = util.safeProp(field.name);
        if (field.map) {
          if (!hasKs2) {
            hasKs2 = true;
            gen("var ks2");
          }
          gen("if(m%s&&(ks2=Object.keys(m%s)).length){", prop, prop)("d%s={}", prop);
          var longKey = types.long[field.keyType] !== void 0, srcProp = prop + "[ks2[j]]";
          gen("for(var j=0;j<ks2.length;++j){");
          if (longKey) gen("var k2=util.longFromKey(ks2[j],%j).toString()", field.keyType === "uint64" || field.keyType === "fixed64");
          gen('if(ks2[j]==="__proto__")')("util.makeProp(d%s,ks2[j])", prop);
          genValuePartial_toObject(
            gen,
            field,
            /* sorted */
            index,
            longKey ? prop + "[k2]" : srcProp,
            srcProp
          )("}");
        } else if (field.repeated) {
          gen("if(m%s&&m%s.length){", prop, prop)("d%s=Array(m%s.length)", prop, prop)("for(var j=0;j<m%s.length;++j){", prop);
          genValuePartial_toObject(
            gen,
            field,
            /* sorted */
            index,
            prop + "[j]"
          )("}");
        } else {
          gen("if(m%s!=null&&Object.hasOwnProperty.call(m,%j)){", prop, field.name);
          genValuePartial_toObject(
            gen,
            field,
            /* sorted */
            index,
            prop
          );
          if (field.partOf && !field.partOf.isProto3Optional) gen("if(o.oneofs)")("d%s=%j", util.safeProp(field.partOf.name), field.name);
        }
        gen("}");
      }
      return gen("return d");
    }, "toObject");
  }
});

// node_modules/protobufjs/src/wrappers.js
var require_wrappers = __commonJS({
  "node_modules/protobufjs/src/wrappers.js"(exports) {
    "use strict";
    var wrappers = exports;
    var Message = require_message();
    var util = require_minimal();
    wrappers[".google.protobuf.Any"] = {
      fromObject: /* @__PURE__ */ __name(function(object, depth) {
        if (depth === void 0)
          depth = 0;
        if (depth > util.recursionLimit)
          throw Error("max depth exceeded");
        if (object && object["@type"]) {
          var name = object["@type"].substring(object["@type"].lastIndexOf("/") + 1);
          var type = this.lookup(name, [this.constructor]);
          if (type) {
            var type_url = object["@type"].charAt(0) === "." ? object["@type"].slice(1) : object["@type"];
            if (type_url.indexOf("/") === -1) {
              type_url = "/" + type_url;
            }
            return this.create({
              type_url,
              value: type.encode(type.fromObject(object, depth + 1)).finish()
            });
          }
        }
        return this.fromObject(object, depth);
      }, "fromObject"),
      toObject: /* @__PURE__ */ __name(function(message, options, depth) {
        if (depth === void 0)
          depth = 0;
        if (depth > util.recursionLimit)
          throw Error("max depth exceeded");
        var googleApi = "type.googleapis.com/";
        var prefix = "";
        var name = "";
        if (options && options.json && message.type_url && message.value) {
          name = message.type_url.substring(message.type_url.lastIndexOf("/") + 1);
          prefix = message.type_url.substring(0, message.type_url.lastIndexOf("/") + 1);
          var type = this.lookup(name, [this.constructor]);
          if (type)
            message = type.decode(message.value, void 0, void 0, depth + 1);
        }
        if (!(message instanceof this.ctor) && message instanceof Message) {
          var object = message.$type.toObject(message, options, depth + 1);
          var messageName = message.$type.fullName[0] === "." ? message.$type.fullName.slice(1) : message.$type.fullName;
          if (prefix === "") {
            prefix = googleApi;
          }
          name = prefix + messageName;
          object["@type"] = name;
          return object;
        }
        return this.toObject(message, options, depth);
      }, "toObject")
    };
  }
});

// node_modules/protobufjs/src/type.js
var require_type = __commonJS({
  "node_modules/protobufjs/src/type.js"(exports, module) {
    "use strict";
    module.exports = Type;
    var Namespace = require_namespace();
    Type.prototype = Object.create(Namespace.prototype, {
      constructor: {
        value: Type,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    Type.className = "Type";
    var Enum = require_enum();
    var OneOf = require_oneof();
    var Field = require_field();
    var MapField = require_mapfield();
    var Service = require_service3();
    var Message = require_message();
    var Reader = require_reader();
    var Writer = require_writer();
    var util = require_util();
    var encoder = require_encoder();
    var decoder = require_decoder();
    var verifier = require_verifier();
    var converter = require_converter();
    var wrappers = require_wrappers();
    function Type(name, options) {
      name = name.replace(/\W/g, "");
      Namespace.call(this, name, options);
      this.fields = {};
      this.oneofs = void 0;
      this.extensions = void 0;
      this.reserved = void 0;
      this.group = void 0;
      this.visibility = void 0;
      this._fieldsById = null;
      this._fieldsArray = null;
      this._oneofsArray = null;
      this._ctor = null;
      this._fieldsByJsonName = null;
    }
    __name(Type, "Type");
    Object.defineProperties(Type.prototype, {
      /**
       * Message fields by id.
       * @name Type#fieldsById
       * @type {Object.<number,Field>}
       * @readonly
       */
      fieldsById: {
        get: /* @__PURE__ */ __name(function() {
          if (this._fieldsById)
            return this._fieldsById;
          this._fieldsById = {};
          for (var names = Object.keys(this.fields), i = 0; i < names.length; ++i) {
            var field = this.fields[names[i]], id = field.id;
            if (this._fieldsById[id])
              throw Error("duplicate id " + id + " in " + this);
            this._fieldsById[id] = field;
          }
          return this._fieldsById;
        }, "get")
      },
      /**
       * Fields of this message as an array for iteration.
       * @name Type#fieldsArray
       * @type {Field[]}
       * @readonly
       */
      fieldsArray: {
        get: /* @__PURE__ */ __name(function() {
          return this._fieldsArray || (this._fieldsArray = util.toArray(this.fields));
        }, "get")
      },
      /**
       * Oneofs of this message as an array for iteration.
       * @name Type#oneofsArray
       * @type {OneOf[]}
       * @readonly
       */
      oneofsArray: {
        get: /* @__PURE__ */ __name(function() {
          return this._oneofsArray || (this._oneofsArray = util.toArray(this.oneofs));
        }, "get")
      },
      /**
       * The registered constructor, if any registered, otherwise a generic constructor.
       * Assigning a function replaces the internal constructor. If the function does not extend {@link Message} yet, its prototype will be setup accordingly and static methods will be populated. If it already extends {@link Message}, it will just replace the internal constructor.
       * When assigning manually, add the type to its parent namespace/root first if fields reference other reflected types, because constructor setup resolves field defaults.
       * @name Type#ctor
       * @type {Constructor<{}>}
       */
      ctor: {
        get: /* @__PURE__ */ __name(function() {
          return this._ctor || (this.ctor = Type.generateConstructor(this)());
        }, "get"),
        set: /* @__PURE__ */ __name(function(ctor) {
          var prototype = ctor.prototype;
          if (!(prototype instanceof Message)) {
            ctor.prototype = new Message();
            Object.defineProperty(ctor.prototype, "constructor", {
              value: ctor,
              writable: true,
              enumerable: false,
              configurable: true
            });
            util.merge(ctor.prototype, prototype);
          }
          ctor.$type = ctor.prototype.$type = this;
          util.merge(ctor, Message, true);
          this._ctor = ctor;
          delete this.decode;
          delete this.fromObject;
          var i = 0;
          for (var field; i < /* initializes */
          this.fieldsArray.length; ++i) {
            field = this._fieldsArray[i].resolve();
            ctor.prototype[field.name] = field.defaultValue;
          }
          var ctorProperties = {};
          for (i = 0; i < /* initializes */
          this.oneofsArray.length; ++i)
            ctorProperties[this._oneofsArray[i].resolve().name] = {
              get: util.oneOfGetter(this._oneofsArray[i].oneof),
              set: util.oneOfSetter(this._oneofsArray[i].oneof)
            };
          if (i)
            Object.defineProperties(ctor.prototype, ctorProperties);
        }, "set")
      }
    });
    Type.generateConstructor = /* @__PURE__ */ __name(function generateConstructor(mtype) {
      var gen = util.codegen(["p"]);
      for (var i = 0, field; i < mtype.fieldsArray.length; ++i)
        if ((field = mtype._fieldsArray[i]).map) gen("this%s={}", util.safeProp(field.name));
        else if (field.repeated) gen("this%s=[]", util.safeProp(field.name));
      return gen('if(p)for(var ks=Object.keys(p),i=0;i<ks.length;++i)if(p[ks[i]]!=null&&ks[i]!=="__proto__")')("this[ks[i]]=p[ks[i]]");
    }, "generateConstructor");
    function clearCache(type) {
      type._fieldsById = type._fieldsArray = type._oneofsArray = type._fieldsByJsonName = null;
      delete type.encode;
      delete type.decode;
      delete type.verify;
      return type;
    }
    __name(clearCache, "clearCache");
    Type.fromJSON = /* @__PURE__ */ __name(function fromJSON(name, json, depth) {
      if (depth === void 0)
        depth = 0;
      if (depth > util.nestingLimit)
        throw Error("max depth exceeded");
      var type = new Type(name, json.options);
      type.extensions = json.extensions;
      type.reserved = json.reserved;
      var names = Object.keys(json.fields), i = 0;
      for (; i < names.length; ++i)
        type.add(
          (typeof json.fields[names[i]].keyType !== "undefined" ? MapField.fromJSON : Field.fromJSON)(names[i], json.fields[names[i]])
        );
      if (json.oneofs)
        for (names = Object.keys(json.oneofs), i = 0; i < names.length; ++i)
          type.add(OneOf.fromJSON(names[i], json.oneofs[names[i]]));
      if (json.nested)
        for (names = Object.keys(json.nested), i = 0; i < names.length; ++i) {
          var nested = json.nested[names[i]];
          type.add(
            // most to least likely
            (nested.id !== void 0 ? Field.fromJSON : nested.fields !== void 0 ? Type.fromJSON : nested.values !== void 0 ? Enum.fromJSON : nested.methods !== void 0 ? Service.fromJSON : Namespace.fromJSON)(names[i], nested, depth + 1)
          );
        }
      if (json.extensions && json.extensions.length)
        type.extensions = json.extensions;
      if (json.reserved && json.reserved.length)
        type.reserved = json.reserved;
      if (json.group)
        type.group = true;
      if (json.visibility)
        type.visibility = json.visibility;
      if (json.comment)
        type.comment = json.comment;
      if (json.edition)
        type._edition = json.edition;
      type._defaultEdition = "proto3";
      return type;
    }, "fromJSON");
    Type.prototype.toJSON = /* @__PURE__ */ __name(function toJSON(toJSONOptions) {
      var inherited = Namespace.prototype.toJSON.call(this, toJSONOptions);
      var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
      return util.toObject([
        "edition",
        this._editionToJSON(),
        "options",
        inherited && inherited.options || void 0,
        "oneofs",
        Namespace.arrayToJSON(this.oneofsArray, toJSONOptions),
        "fields",
        Namespace.arrayToJSON(this.fieldsArray.filter(function(obj) {
          return !obj.declaringField;
        }), toJSONOptions) || {},
        "extensions",
        this.extensions && this.extensions.length ? this.extensions : void 0,
        "reserved",
        this.reserved && this.reserved.length ? this.reserved : void 0,
        "group",
        this.group || void 0,
        "visibility",
        this.visibility,
        "nested",
        inherited && inherited.nested || void 0,
        "comment",
        keepComments ? this.comment : void 0
      ]);
    }, "toJSON");
    Type.prototype.resolveAll = /* @__PURE__ */ __name(function resolveAll() {
      if (!this._needsRecursiveResolve) return this;
      Namespace.prototype.resolveAll.call(this);
      var oneofs = this.oneofsArray;
      i = 0;
      while (i < oneofs.length)
        oneofs[i++].resolve();
      var fields = this.fieldsArray, i = 0;
      while (i < fields.length)
        fields[i++].resolve();
      return this;
    }, "resolveAll");
    Type.prototype._resolveFeaturesRecursive = /* @__PURE__ */ __name(function _resolveFeaturesRecursive(edition) {
      if (!this._needsRecursiveFeatureResolution) return this;
      edition = this._edition || edition;
      Namespace.prototype._resolveFeaturesRecursive.call(this, edition);
      this.oneofsArray.forEach((oneof) => {
        oneof._resolveFeatures(edition);
      });
      this.fieldsArray.forEach((field) => {
        field._resolveFeatures(edition);
      });
      return this;
    }, "_resolveFeaturesRecursive");
    Type.prototype.get = /* @__PURE__ */ __name(function get(name) {
      if (Object.prototype.hasOwnProperty.call(this.fields, name))
        return this.fields[name];
      if (this.oneofs && Object.prototype.hasOwnProperty.call(this.oneofs, name))
        return this.oneofs[name];
      if (this.nested && Object.prototype.hasOwnProperty.call(this.nested, name))
        return this.nested[name];
      return null;
    }, "get");
    Type.prototype.add = /* @__PURE__ */ __name(function add(object) {
      if (this.get(object.name))
        throw Error("duplicate name '" + object.name + "' in " + this);
      if (object instanceof Field && object.extend === void 0) {
        if (this._fieldsById ? (
          /* istanbul ignore next */
          this._fieldsById[object.id]
        ) : this.fieldsById[object.id])
          throw Error("duplicate id " + object.id + " in " + this);
        if (this.isReservedId(object.id))
          throw Error("id " + object.id + " is reserved in " + this);
        if (this.isReservedName(object.name) || object.name.charAt(0) === "$")
          throw Error("name '" + object.name + "' is reserved in " + this);
        if (object.name === "__proto__")
          return this;
        if (object.parent)
          object.parent.remove(object);
        this.fields[object.name] = object;
        object.message = this;
        object.onAdd(this);
        return clearCache(this);
      }
      if (object instanceof OneOf) {
        if (object.name.charAt(0) === "$")
          throw Error("name '" + object.name + "' is reserved in " + this);
        if (object.name === "__proto__")
          return this;
        if (!this.oneofs)
          this.oneofs = {};
        this.oneofs[object.name] = object;
        object.onAdd(this);
        return clearCache(this);
      }
      return Namespace.prototype.add.call(this, object);
    }, "add");
    Type.prototype.remove = /* @__PURE__ */ __name(function remove(object) {
      if (object instanceof Field && object.extend === void 0) {
        if (!util.remove(this.fields, object, object.name))
          throw Error(object + " is not a member of " + this);
        object.parent = null;
        object.onRemove(this);
        return clearCache(this);
      }
      if (object instanceof OneOf) {
        if (!util.remove(this.oneofs, object, object.name))
          throw Error(object + " is not a member of " + this);
        object.parent = null;
        object.onRemove(this);
        return clearCache(this);
      }
      return Namespace.prototype.remove.call(this, object);
    }, "remove");
    Type.prototype.isReservedId = /* @__PURE__ */ __name(function isReservedId(id) {
      return Namespace.isReservedId(this.reserved, id);
    }, "isReservedId");
    Type.prototype.isReservedName = /* @__PURE__ */ __name(function isReservedName(name) {
      return Namespace.isReservedName(this.reserved, name);
    }, "isReservedName");
    Type.prototype.create = /* @__PURE__ */ __name(function create(properties2) {
      return new this.ctor(properties2);
    }, "create");
    Type.prototype.setup = /* @__PURE__ */ __name(function setup() {
      var root = this.root;
      if (root && root._needsRecursiveFeatureResolution) {
        var edition = root._edition || this._edition;
        if (edition)
          root._resolveFeaturesRecursive(edition);
      }
      var fullName = this.fullName, types = [];
      for (var i = 0; i < /* initializes */
      this.fieldsArray.length; ++i)
        types.push(this._fieldsArray[i].resolve().resolvedType);
      this.encode = encoder(this)({
        Writer,
        types,
        util
      });
      this.decode = decoder(this)({
        Reader,
        types,
        util,
        C: this.ctor
      });
      this.verify = verifier(this)({
        types,
        util
      });
      this.fromObject = converter.fromObject(this)({
        types,
        util,
        C: this.ctor
      });
      this.toObject = converter.toObject(this)({
        types,
        util
      });
      var wrapper = wrappers[fullName];
      if (wrapper) {
        var wrapperThis = Object.create(this);
        wrapperThis._ctor = this.ctor;
        wrapperThis.fromObject = this.fromObject;
        this.fromObject = wrapper.fromObject.bind(wrapperThis);
        wrapperThis.toObject = this.toObject;
        this.toObject = wrapper.toObject.bind(wrapperThis);
      }
      return this;
    }, "setup");
    Type.prototype.encode = /* @__PURE__ */ __name(function encode_setup(message, writer) {
      return this.setup().encode.apply(this, arguments);
    }, "encode_setup");
    Type.prototype.encodeDelimited = /* @__PURE__ */ __name(function encodeDelimited(message, writer) {
      return this.encode(message, (writer || Writer.create()).fork()).ldelim();
    }, "encodeDelimited");
    Type.prototype.decode = /* @__PURE__ */ __name(function decode_setup(reader, length) {
      return this.setup().decode.apply(this, arguments);
    }, "decode_setup");
    Type.prototype.decodeDelimited = /* @__PURE__ */ __name(function decodeDelimited(reader) {
      if (!(reader instanceof Reader))
        reader = Reader.create(reader);
      return this.decode(reader, reader.size());
    }, "decodeDelimited");
    Type.prototype.verify = /* @__PURE__ */ __name(function verify_setup(message) {
      return this.setup().verify.apply(this, arguments);
    }, "verify_setup");
    Type.prototype.fromObject = /* @__PURE__ */ __name(function fromObject(object) {
      return this.setup().fromObject.apply(this, arguments);
    }, "fromObject");
    Type.prototype.toObject = /* @__PURE__ */ __name(function toObject(message, options) {
      return this.setup().toObject.apply(this, arguments);
    }, "toObject");
    Type.prototype.getTypeUrl = /* @__PURE__ */ __name(function getTypeUrl(prefix) {
      if (prefix === void 0)
        prefix = "type.googleapis.com";
      var fullName = this.fullName;
      return prefix + "/" + (fullName.charAt(0) === "." ? fullName.substring(1) : fullName);
    }, "getTypeUrl");
    Type.d = /* @__PURE__ */ __name(function decorateType(typeName) {
      return /* @__PURE__ */ __name(function typeDecorator(target) {
        util.decorateType(target, typeName);
      }, "typeDecorator");
    }, "decorateType");
  }
});

// node_modules/protobufjs/src/root.js
var require_root = __commonJS({
  "node_modules/protobufjs/src/root.js"(exports, module) {
    "use strict";
    module.exports = Root;
    var Namespace = require_namespace();
    Root.prototype = Object.create(Namespace.prototype, {
      constructor: {
        value: Root,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    Root.className = "Root";
    var Field = require_field();
    var Enum = require_enum();
    var OneOf = require_oneof();
    var util = require_util();
    var Type;
    var parse;
    var common;
    function Root(options) {
      Namespace.call(this, "", options);
      this.deferred = [];
      this.files = [];
      this._edition = "proto2";
      this._fullyQualifiedObjects = {};
    }
    __name(Root, "Root");
    Root.fromJSON = /* @__PURE__ */ __name(function fromJSON(json, root, depth) {
      if (depth === void 0)
        depth = 0;
      if (depth > util.recursionLimit)
        throw Error("max depth exceeded");
      if (!root)
        root = new Root();
      if (json.options)
        root.setOptions(json.options);
      return root.addJSON(json.nested, depth).resolveAll();
    }, "fromJSON");
    Root.prototype.resolvePath = util.path.resolve;
    Root.prototype.fetch = util.fetch;
    function SYNC() {
    }
    __name(SYNC, "SYNC");
    Root.prototype.load = /* @__PURE__ */ __name(function load(filename, options, callback) {
      if (typeof options === "function") {
        callback = options;
        options = void 0;
      }
      var self2 = this;
      if (!callback) {
        return util.asPromise(load, self2, filename, options);
      }
      var sync = callback === SYNC;
      function finish(err, root) {
        if (!callback) {
          return;
        }
        if (sync) {
          throw err;
        }
        if (root) {
          root.resolveAll();
        }
        var cb = callback;
        callback = null;
        cb(err, root);
      }
      __name(finish, "finish");
      function getBundledFileName(filename2) {
        var idx = filename2.lastIndexOf("google/protobuf/");
        if (idx > -1) {
          var altname = filename2.substring(idx);
          if (Object.prototype.hasOwnProperty.call(common, altname)) return altname;
        }
        if (Object.prototype.hasOwnProperty.call(common, filename2)) return filename2;
        return null;
      }
      __name(getBundledFileName, "getBundledFileName");
      function process2(filename2, source, depth) {
        if (depth === void 0)
          depth = 0;
        try {
          if (depth > util.recursionLimit)
            throw Error("max depth exceeded");
          if (util.isString(source) && source.charAt(0) === "{")
            source = JSON.parse(source);
          if (!util.isString(source))
            self2.setOptions(source.options).addJSON(source.nested);
          else {
            parse.filename = filename2;
            var parsed = parse(source, self2, options), resolved2, i2 = 0;
            if (parsed.imports) {
              for (; i2 < parsed.imports.length; ++i2)
                if (resolved2 = getBundledFileName(parsed.imports[i2]) || self2.resolvePath(filename2, parsed.imports[i2]))
                  fetch(resolved2, false, depth + 1);
            }
            if (parsed.weakImports) {
              for (i2 = 0; i2 < parsed.weakImports.length; ++i2)
                if (resolved2 = getBundledFileName(parsed.weakImports[i2]) || self2.resolvePath(filename2, parsed.weakImports[i2]))
                  fetch(resolved2, true, depth + 1);
            }
          }
        } catch (err) {
          finish(err);
        }
        if (!sync && !queued) {
          finish(null, self2);
        }
      }
      __name(process2, "process");
      function fetch(filename2, weak, depth) {
        if (depth === void 0)
          depth = 0;
        filename2 = getBundledFileName(filename2) || filename2;
        if (self2.files.indexOf(filename2) > -1) {
          return;
        }
        self2.files.push(filename2);
        if (Object.prototype.hasOwnProperty.call(common, filename2)) {
          if (sync) {
            process2(filename2, common[filename2], depth);
          } else {
            ++queued;
            setTimeout(function() {
              --queued;
              process2(filename2, common[filename2], depth);
            });
          }
          return;
        }
        if (sync) {
          var source;
          try {
            source = util.fs.readFileSync(filename2).toString("utf8");
          } catch (err) {
            if (!weak)
              finish(err);
            return;
          }
          process2(filename2, source, depth);
        } else {
          ++queued;
          self2.fetch(filename2, function(err, source2) {
            --queued;
            if (!callback) {
              return;
            }
            if (err) {
              if (!weak)
                finish(err);
              else if (!queued)
                finish(null, self2);
              return;
            }
            process2(filename2, source2, depth);
          });
        }
      }
      __name(fetch, "fetch");
      var queued = 0;
      if (util.isString(filename)) {
        filename = [filename];
      }
      for (var i = 0, resolved; i < filename.length; ++i)
        if (resolved = self2.resolvePath("", filename[i]))
          fetch(resolved);
      if (sync) {
        self2.resolveAll();
        return self2;
      }
      if (!queued) {
        finish(null, self2);
      }
      return self2;
    }, "load");
    Root.prototype.loadSync = /* @__PURE__ */ __name(function loadSync(filename, options) {
      if (!util.isNode)
        throw Error("not supported");
      return this.load(filename, options, SYNC);
    }, "loadSync");
    Root.prototype.resolveAll = /* @__PURE__ */ __name(function resolveAll() {
      if (!this._needsRecursiveResolve) return this;
      if (this.deferred.length)
        throw Error("unresolvable extensions: " + this.deferred.map(function(field) {
          return "'extend " + field.extend + "' in " + field.parent.fullName;
        }).join(", "));
      return Namespace.prototype.resolveAll.call(this);
    }, "resolveAll");
    var exposeRe = /^[A-Z]/;
    function tryHandleExtension(root, field) {
      var extendedType = field.parent.lookup(field.extend);
      if (extendedType) {
        var sisterField = new Field(field.fullName, field.id, field.type, field.rule, void 0, field.options);
        if (extendedType.get(sisterField.name)) {
          return true;
        }
        sisterField.declaringField = field;
        field.extensionField = sisterField;
        extendedType.add(sisterField);
        return true;
      }
      return false;
    }
    __name(tryHandleExtension, "tryHandleExtension");
    Root.prototype._handleAdd = /* @__PURE__ */ __name(function _handleAdd(object) {
      if (object instanceof Field) {
        if (
          /* an extension field (implies not part of a oneof) */
          object.extend !== void 0 && /* not already handled */
          !object.extensionField
        ) {
          if (!tryHandleExtension(this, object))
            this.deferred.push(object);
        }
      } else if (object instanceof Enum) {
        if (exposeRe.test(object.name))
          object.parent[object.name] = object.values;
      } else if (!(object instanceof OneOf)) {
        if (object instanceof Type)
          for (var i = 0; i < this.deferred.length; )
            if (tryHandleExtension(this, this.deferred[i]))
              this.deferred.splice(i, 1);
            else
              ++i;
        for (var j = 0; j < /* initializes */
        object.nestedArray.length; ++j)
          this._handleAdd(object._nestedArray[j]);
        if (exposeRe.test(object.name))
          object.parent[object.name] = object;
      }
      if (object instanceof Type || object instanceof Enum || object instanceof Field) {
        this._fullyQualifiedObjects[object.fullName] = object;
      }
    }, "_handleAdd");
    Root.prototype._handleRemove = /* @__PURE__ */ __name(function _handleRemove(object) {
      if (object instanceof Field) {
        if (
          /* an extension field */
          object.extend !== void 0
        ) {
          if (
            /* already handled */
            object.extensionField
          ) {
            object.extensionField.parent.remove(object.extensionField);
            object.extensionField = null;
          } else {
            var index = this.deferred.indexOf(object);
            if (index > -1)
              this.deferred.splice(index, 1);
          }
        }
      } else if (object instanceof Enum) {
        if (exposeRe.test(object.name))
          delete object.parent[object.name];
      } else if (object instanceof Namespace) {
        for (var i = 0; i < /* initializes */
        object.nestedArray.length; ++i)
          this._handleRemove(object._nestedArray[i]);
        if (exposeRe.test(object.name))
          delete object.parent[object.name];
      }
      delete this._fullyQualifiedObjects[object.fullName];
    }, "_handleRemove");
    Root._configure = function(Type_, parse_, common_) {
      Type = Type_;
      parse = parse_;
      common = common_;
    };
  }
});

// node_modules/protobufjs/src/util.js
var require_util = __commonJS({
  "node_modules/protobufjs/src/util.js"(exports, module) {
    "use strict";
    var util = module.exports = require_minimal();
    var roots = require_roots();
    var Type;
    var Enum;
    util.codegen = require_codegen();
    util.fetch = require_fetch();
    util.path = require_path();
    util.patterns = require_patterns();
    var reservedRe = util.patterns.reservedRe;
    util.fs = require_fs();
    util.toArray = /* @__PURE__ */ __name(function toArray(object) {
      if (object) {
        var keys = Object.keys(object), array = new Array(keys.length), index = 0;
        while (index < keys.length)
          array[index] = object[keys[index++]];
        return array;
      }
      return [];
    }, "toArray");
    util.toObject = /* @__PURE__ */ __name(function toObject(array) {
      var object = {}, index = 0;
      while (index < array.length) {
        var key = array[index++], val = array[index++];
        if (val !== void 0)
          object[key] = val;
      }
      return object;
    }, "toObject");
    util.remove = /* @__PURE__ */ __name(function remove(object, value, key) {
      if (!object)
        return false;
      if (key !== void 0 && Object.prototype.hasOwnProperty.call(object, key) && object[key] === value) {
        delete object[key];
        return true;
      }
      for (var names = Object.keys(object), i = 0; i < names.length; ++i)
        if (object[names[i]] === value) {
          delete object[names[i]];
          return true;
        }
      return false;
    }, "remove");
    util.isReserved = /* @__PURE__ */ __name(function isReserved(name) {
      return reservedRe.test(name);
    }, "isReserved");
    util.safeProp = /* @__PURE__ */ __name(function safeProp(prop) {
      if (!/^[$\w_]+$/.test(prop) || reservedRe.test(prop))
        return "[" + JSON.stringify(prop) + "]";
      return "." + prop;
    }, "safeProp");
    util.ucFirst = /* @__PURE__ */ __name(function ucFirst(str2) {
      return str2.charAt(0).toUpperCase() + str2.substring(1);
    }, "ucFirst");
    var camelCaseRe = /_([a-z])/g;
    util.camelCase = /* @__PURE__ */ __name(function camelCase(str2) {
      return str2.substring(0, 1) + str2.substring(1).replace(camelCaseRe, function($0, $1) {
        return $1.toUpperCase();
      });
    }, "camelCase");
    util.jsonName = /* @__PURE__ */ __name(function jsonName(str2) {
      var result = "", upperNext = false, i = 0;
      for (; i < str2.length; ++i) {
        var ch = str2.charAt(i);
        if (ch === "_")
          upperNext = true;
        else if (upperNext) {
          result += ch.toUpperCase();
          upperNext = false;
        } else
          result += ch;
      }
      return result;
    }, "jsonName");
    util.compareFieldsById = /* @__PURE__ */ __name(function compareFieldsById(a, b) {
      return a.id - b.id;
    }, "compareFieldsById");
    util.decorateType = /* @__PURE__ */ __name(function decorateType(ctor, typeName) {
      if (ctor.$type) {
        if (typeName && ctor.$type.name !== typeName) {
          util.decorateRoot.remove(ctor.$type);
          ctor.$type.name = typeName;
          util.decorateRoot.add(ctor.$type);
        }
        return ctor.$type;
      }
      if (!Type)
        Type = require_type();
      var type = new Type(typeName || ctor.name);
      util.decorateRoot.add(type);
      type.ctor = ctor;
      Object.defineProperty(ctor, "$type", { value: type, enumerable: false });
      Object.defineProperty(ctor.prototype, "$type", { value: type, enumerable: false });
      return type;
    }, "decorateType");
    var decorateEnumIndex = 0;
    util.decorateEnum = /* @__PURE__ */ __name(function decorateEnum(object) {
      if (object.$type)
        return object.$type;
      if (!Enum)
        Enum = require_enum();
      var enm = new Enum("Enum" + decorateEnumIndex++, object);
      util.decorateRoot.add(enm);
      Object.defineProperty(object, "$type", { value: enm, enumerable: false });
      return enm;
    }, "decorateEnum");
    util.setProperty = /* @__PURE__ */ __name(function setProperty(dst, path, value, ifNotSet) {
      function setProp(dst2, path2, value2) {
        var part = path2.shift();
        if (util.isUnsafeProperty(part))
          return dst2;
        if (path2.length > 0) {
          dst2[part] = setProp(dst2[part] || {}, path2, value2);
        } else {
          var prevValue = dst2[part];
          if (prevValue && ifNotSet)
            return dst2;
          if (prevValue)
            value2 = [].concat(prevValue).concat(value2);
          dst2[part] = value2;
        }
        return dst2;
      }
      __name(setProp, "setProp");
      if (typeof dst !== "object")
        throw TypeError("dst must be an object");
      if (!path)
        throw TypeError("path must be specified");
      path = path.split(".");
      if (path.length > util.recursionLimit)
        throw Error("max depth exceeded");
      return setProp(dst, path, value);
    }, "setProperty");
    Object.defineProperty(util, "decorateRoot", {
      get: /* @__PURE__ */ __name(function() {
        return roots["decorated"] || (roots["decorated"] = new (require_root())());
      }, "get")
    });
  }
});

// node_modules/protobufjs/src/types.js
var require_types4 = __commonJS({
  "node_modules/protobufjs/src/types.js"(exports) {
    "use strict";
    var types = exports;
    var util = require_util();
    var s = [
      "double",
      // 0
      "float",
      // 1
      "int32",
      // 2
      "uint32",
      // 3
      "sint32",
      // 4
      "fixed32",
      // 5
      "sfixed32",
      // 6
      "int64",
      // 7
      "uint64",
      // 8
      "sint64",
      // 9
      "fixed64",
      // 10
      "sfixed64",
      // 11
      "bool",
      // 12
      "string",
      // 13
      "bytes"
      // 14
    ];
    function bake(values, offset) {
      var i = 0, o = /* @__PURE__ */ Object.create(null);
      offset |= 0;
      while (i < values.length) o[s[i + offset]] = values[i++];
      return o;
    }
    __name(bake, "bake");
    types.basic = bake([
      /* double   */
      1,
      /* float    */
      5,
      /* int32    */
      0,
      /* uint32   */
      0,
      /* sint32   */
      0,
      /* fixed32  */
      5,
      /* sfixed32 */
      5,
      /* int64    */
      0,
      /* uint64   */
      0,
      /* sint64   */
      0,
      /* fixed64  */
      1,
      /* sfixed64 */
      1,
      /* bool     */
      0,
      /* string   */
      2,
      /* bytes    */
      2
    ]);
    types.defaults = bake([
      /* double   */
      0,
      /* float    */
      0,
      /* int32    */
      0,
      /* uint32   */
      0,
      /* sint32   */
      0,
      /* fixed32  */
      0,
      /* sfixed32 */
      0,
      /* int64    */
      0,
      /* uint64   */
      0,
      /* sint64   */
      0,
      /* fixed64  */
      0,
      /* sfixed64 */
      0,
      /* bool     */
      false,
      /* string   */
      "",
      /* bytes    */
      util.emptyArray,
      /* message  */
      null
    ]);
    types.long = bake([
      /* int64    */
      0,
      /* uint64   */
      0,
      /* sint64   */
      0,
      /* fixed64  */
      1,
      /* sfixed64 */
      1
    ], 7);
    types.mapKey = bake([
      /* int32    */
      0,
      /* uint32   */
      0,
      /* sint32   */
      0,
      /* fixed32  */
      5,
      /* sfixed32 */
      5,
      /* int64    */
      0,
      /* uint64   */
      0,
      /* sint64   */
      0,
      /* fixed64  */
      1,
      /* sfixed64 */
      1,
      /* bool     */
      0,
      /* string   */
      2
    ], 2);
    types.packed = bake([
      /* double   */
      1,
      /* float    */
      5,
      /* int32    */
      0,
      /* uint32   */
      0,
      /* sint32   */
      0,
      /* fixed32  */
      5,
      /* sfixed32 */
      5,
      /* int64    */
      0,
      /* uint64   */
      0,
      /* sint64   */
      0,
      /* fixed64  */
      1,
      /* sfixed64 */
      1,
      /* bool     */
      0
    ]);
  }
});

// node_modules/protobufjs/src/field.js
var require_field = __commonJS({
  "node_modules/protobufjs/src/field.js"(exports, module) {
    "use strict";
    module.exports = Field;
    var ReflectionObject = require_object();
    Field.prototype = Object.create(ReflectionObject.prototype, {
      constructor: {
        value: Field,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    Field.className = "Field";
    var Enum = require_enum();
    var types = require_types4();
    var util = require_util();
    var Type;
    var ruleRe = /^(?:required|optional|repeated)$/;
    Field.fromJSON = /* @__PURE__ */ __name(function fromJSON(name, json) {
      var field = new Field(name, json.id, json.type, json.rule, json.extend, json.options, json.comment);
      if (json.edition)
        field._edition = json.edition;
      if (json.protoName)
        field.protoName = json.protoName;
      if (json.jsonName !== void 0)
        field.jsonName = json.jsonName;
      else if (json.options && json.options.json_name !== void 0)
        field.jsonName = json.options.json_name;
      field._defaultEdition = "proto3";
      return field;
    }, "fromJSON");
    function Field(name, id, type, rule, extend, options, comment) {
      if (util.isObject(rule)) {
        comment = extend;
        options = rule;
        rule = extend = void 0;
      } else if (util.isObject(extend)) {
        comment = options;
        options = extend;
        extend = void 0;
      }
      ReflectionObject.call(this, name, options);
      if (!util.isInteger(id) || id < 0)
        throw TypeError("id must be a non-negative integer");
      if (!util.isString(type))
        throw TypeError("type must be a string");
      if (rule !== void 0 && !ruleRe.test(rule = rule.toString().toLowerCase()))
        throw TypeError("rule must be a string rule");
      if (extend !== void 0 && !util.isString(extend))
        throw TypeError("extend must be a string");
      this.rule = rule && rule !== "optional" ? rule : void 0;
      this.type = type;
      this.id = id;
      this.extend = extend || void 0;
      this.repeated = rule === "repeated";
      this.map = false;
      this.message = null;
      this.partOf = null;
      this.typeDefault = null;
      this.defaultValue = null;
      this.long = util.Long ? types.long[type] !== void 0 : (
        /* istanbul ignore next */
        false
      );
      this.bytes = type === "bytes";
      this.resolvedType = null;
      this.extensionField = null;
      this.declaringField = null;
      this.comment = comment;
      this.protoName = void 0;
      this.jsonName = void 0;
    }
    __name(Field, "Field");
    Object.defineProperty(Field.prototype, "required", {
      get: /* @__PURE__ */ __name(function() {
        return this._features.field_presence === "LEGACY_REQUIRED";
      }, "get")
    });
    Object.defineProperty(Field.prototype, "optional", {
      get: /* @__PURE__ */ __name(function() {
        return !this.required;
      }, "get")
    });
    Object.defineProperty(Field.prototype, "delimited", {
      get: /* @__PURE__ */ __name(function() {
        return this.resolvedType instanceof Type && this._features.message_encoding === "DELIMITED";
      }, "get")
    });
    Object.defineProperty(Field.prototype, "packed", {
      get: /* @__PURE__ */ __name(function() {
        return this._features.repeated_field_encoding === "PACKED";
      }, "get")
    });
    Object.defineProperty(Field.prototype, "hasPresence", {
      get: /* @__PURE__ */ __name(function() {
        if (this.repeated || this.map) {
          return false;
        }
        return this.partOf || // oneofs
        this.declaringField || this.extensionField || // extensions
        this._features.field_presence !== "IMPLICIT";
      }, "get")
    });
    Field.prototype.setOption = /* @__PURE__ */ __name(function setOption(name, value, ifNotSet) {
      return ReflectionObject.prototype.setOption.call(this, name, value, ifNotSet);
    }, "setOption");
    Field.prototype.toJSON = /* @__PURE__ */ __name(function toJSON(toJSONOptions) {
      var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
      return util.toObject([
        "edition",
        this._editionToJSON(),
        "rule",
        this.rule !== "optional" && this.rule || void 0,
        "type",
        this.type,
        "id",
        this.id,
        "extend",
        this.extend,
        "protoName",
        this.protoName !== this.name ? this.protoName : void 0,
        "jsonName",
        this.jsonName !== util.jsonName(this.protoName || this.name) ? this.jsonName : void 0,
        "options",
        this.options,
        "comment",
        keepComments ? this.comment : void 0
      ]);
    }, "toJSON");
    Field.prototype.resolve = /* @__PURE__ */ __name(function resolve2() {
      if (this.resolved)
        return this;
      if ((this.typeDefault = types.defaults[this.type]) === void 0) {
        this.resolvedType = (this.declaringField ? this.declaringField.parent : this.parent).lookupTypeOrEnum(this.type);
        if (this.resolvedType instanceof Type)
          this.typeDefault = null;
        else
          this.typeDefault = this.resolvedType.values[Object.keys(this.resolvedType.values)[0]];
      } else if (this.options && this.options.proto3_optional) {
        this.typeDefault = null;
      }
      if (this.options && this.options["default"] != null) {
        this.typeDefault = this.options["default"];
        if (this.resolvedType instanceof Enum && typeof this.typeDefault === "string")
          this.typeDefault = this.resolvedType.values[this.typeDefault];
      }
      if (this.options) {
        if (this.options.packed !== void 0 && this.resolvedType && !(this.resolvedType instanceof Enum))
          delete this.options.packed;
        if (!Object.keys(this.options).length)
          this.options = void 0;
      }
      if (this.long) {
        var unsigned = this.type === "uint64" || this.type === "fixed64";
        this.typeDefault = typeof this.typeDefault === "string" ? util.Long.fromString(this.typeDefault, unsigned) : util.Long.fromNumber(this.typeDefault, unsigned);
        if (Object.freeze)
          Object.freeze(this.typeDefault);
      } else if (types.long[this.type] !== void 0 && typeof this.typeDefault === "string") {
        this.typeDefault = parseInt(this.typeDefault, 10);
      } else if (this.bytes && typeof this.typeDefault === "string") {
        var buf;
        if (util.base64.test(this.typeDefault))
          util.base64.decode(this.typeDefault, buf = util.newBuffer(util.base64.length(this.typeDefault)), 0);
        else
          util.utf8.write(this.typeDefault, buf = util.newBuffer(util.utf8.length(this.typeDefault)), 0);
        this.typeDefault = buf;
      }
      if (this.map)
        this.defaultValue = util.emptyObject;
      else if (this.repeated)
        this.defaultValue = util.emptyArray;
      else
        this.defaultValue = this.typeDefault;
      if (this.parent instanceof Type && this.parent._ctor)
        this.parent._ctor.prototype[this.name] = this.defaultValue;
      if (this.protoName === void 0)
        this.protoName = this.name;
      if (this.jsonName === void 0)
        this.jsonName = util.jsonName(this.protoName);
      return ReflectionObject.prototype.resolve.call(this);
    }, "resolve");
    Field.prototype._inferLegacyProtoFeatures = /* @__PURE__ */ __name(function _inferLegacyProtoFeatures(edition) {
      if (edition !== "proto2" && edition !== "proto3") {
        return {};
      }
      var features = {};
      if (this.rule === "required") {
        features.field_presence = "LEGACY_REQUIRED";
      }
      if (this.parent && types.defaults[this.type] === void 0) {
        var type = this.parent.get(this.type.split(".").pop());
        if (type && type instanceof Type && type.group) {
          features.message_encoding = "DELIMITED";
        }
      }
      if (this.getOption("packed") === true) {
        features.repeated_field_encoding = "PACKED";
      } else if (this.getOption("packed") === false) {
        features.repeated_field_encoding = "EXPANDED";
      }
      return features;
    }, "_inferLegacyProtoFeatures");
    Field.prototype._resolveFeatures = /* @__PURE__ */ __name(function _resolveFeatures(edition) {
      return ReflectionObject.prototype._resolveFeatures.call(this, this._edition || edition);
    }, "_resolveFeatures");
    Field.d = /* @__PURE__ */ __name(function decorateField(fieldId, fieldType, fieldRule, defaultValue) {
      if (typeof fieldType === "function")
        fieldType = util.decorateType(fieldType).name;
      else if (fieldType && typeof fieldType === "object")
        fieldType = util.decorateEnum(fieldType).name;
      return /* @__PURE__ */ __name(function fieldDecorator(prototype, fieldName) {
        util.decorateType(prototype.constructor).add(new Field(fieldName, fieldId, fieldType, fieldRule, { "default": defaultValue }));
      }, "fieldDecorator");
    }, "decorateField");
    Field._configure = /* @__PURE__ */ __name(function configure(Type_) {
      Type = Type_;
    }, "configure");
  }
});

// node_modules/protobufjs/src/oneof.js
var require_oneof = __commonJS({
  "node_modules/protobufjs/src/oneof.js"(exports, module) {
    "use strict";
    module.exports = OneOf;
    var ReflectionObject = require_object();
    OneOf.prototype = Object.create(ReflectionObject.prototype, {
      constructor: {
        value: OneOf,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    OneOf.className = "OneOf";
    var Field = require_field();
    var util = require_util();
    function OneOf(name, fieldNames, options, comment) {
      if (!Array.isArray(fieldNames)) {
        options = fieldNames;
        fieldNames = void 0;
      }
      ReflectionObject.call(this, name, options);
      if (!(fieldNames === void 0 || Array.isArray(fieldNames)))
        throw TypeError("fieldNames must be an Array");
      this.oneof = fieldNames || [];
      this.fieldsArray = [];
      this.comment = comment;
    }
    __name(OneOf, "OneOf");
    OneOf.fromJSON = /* @__PURE__ */ __name(function fromJSON(name, json) {
      return new OneOf(name, json.oneof, json.options, json.comment);
    }, "fromJSON");
    OneOf.prototype.toJSON = /* @__PURE__ */ __name(function toJSON(toJSONOptions) {
      var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
      return util.toObject([
        "options",
        this.options,
        "oneof",
        this.oneof,
        "comment",
        keepComments ? this.comment : void 0
      ]);
    }, "toJSON");
    function addFieldsToParent(oneof) {
      if (oneof.parent) {
        for (var i = 0; i < oneof.fieldsArray.length; ++i)
          if (!oneof.fieldsArray[i].parent)
            oneof.parent.add(oneof.fieldsArray[i]);
      }
    }
    __name(addFieldsToParent, "addFieldsToParent");
    OneOf.prototype.add = /* @__PURE__ */ __name(function add(field) {
      if (!(field instanceof Field))
        throw TypeError("field must be a Field");
      if (field.parent && field.parent !== this.parent)
        field.parent.remove(field);
      this.oneof.push(field.name);
      this.fieldsArray.push(field);
      field.partOf = this;
      addFieldsToParent(this);
      return this;
    }, "add");
    OneOf.prototype.remove = /* @__PURE__ */ __name(function remove(field) {
      if (!(field instanceof Field))
        throw TypeError("field must be a Field");
      var index = this.fieldsArray.indexOf(field);
      if (index < 0)
        throw Error(field + " is not a member of " + this);
      this.fieldsArray.splice(index, 1);
      index = this.oneof.indexOf(field.name);
      if (index > -1)
        this.oneof.splice(index, 1);
      field.partOf = null;
      return this;
    }, "remove");
    OneOf.prototype.onAdd = /* @__PURE__ */ __name(function onAdd(parent) {
      ReflectionObject.prototype.onAdd.call(this, parent);
      var self2 = this;
      for (var i = 0; i < this.oneof.length; ++i) {
        var field = parent.get(this.oneof[i]);
        if (field && !field.partOf) {
          field.partOf = self2;
          self2.fieldsArray.push(field);
        }
      }
      addFieldsToParent(this);
    }, "onAdd");
    OneOf.prototype.onRemove = /* @__PURE__ */ __name(function onRemove(parent) {
      for (var i = 0, field; i < this.fieldsArray.length; ++i)
        if ((field = this.fieldsArray[i]).parent)
          field.parent.remove(field);
      ReflectionObject.prototype.onRemove.call(this, parent);
    }, "onRemove");
    Object.defineProperty(OneOf.prototype, "isProto3Optional", {
      get: /* @__PURE__ */ __name(function() {
        if (this.fieldsArray == null || this.fieldsArray.length !== 1) {
          return false;
        }
        var field = this.fieldsArray[0];
        return field.options != null && field.options["proto3_optional"] === true;
      }, "get")
    });
    OneOf.d = /* @__PURE__ */ __name(function decorateOneOf() {
      var fieldNames = new Array(arguments.length), index = 0;
      while (index < arguments.length)
        fieldNames[index] = arguments[index++];
      return /* @__PURE__ */ __name(function oneOfDecorator(prototype, oneofName) {
        util.decorateType(prototype.constructor).add(new OneOf(oneofName, fieldNames));
        Object.defineProperty(prototype, oneofName, {
          get: util.oneOfGetter(fieldNames),
          set: util.oneOfSetter(fieldNames)
        });
      }, "oneOfDecorator");
    }, "decorateOneOf");
  }
});

// node_modules/protobufjs/src/object.js
var require_object = __commonJS({
  "node_modules/protobufjs/src/object.js"(exports, module) {
    "use strict";
    module.exports = ReflectionObject;
    ReflectionObject.className = "ReflectionObject";
    var OneOf = require_oneof();
    var util = require_util();
    var Root;
    var proto2Defaults = { enum_type: "CLOSED", field_presence: "EXPLICIT", json_format: "LEGACY_BEST_EFFORT", message_encoding: "LENGTH_PREFIXED", repeated_field_encoding: "EXPANDED", utf8_validation: "NONE", enforce_naming_style: "STYLE_LEGACY", default_symbol_visibility: "EXPORT_ALL" };
    var proto3Defaults = { enum_type: "OPEN", field_presence: "IMPLICIT", json_format: "ALLOW", message_encoding: "LENGTH_PREFIXED", repeated_field_encoding: "PACKED", utf8_validation: "VERIFY", enforce_naming_style: "STYLE_LEGACY", default_symbol_visibility: "EXPORT_ALL" };
    var editions2023Defaults = { enum_type: "OPEN", field_presence: "EXPLICIT", json_format: "ALLOW", message_encoding: "LENGTH_PREFIXED", repeated_field_encoding: "PACKED", utf8_validation: "VERIFY", enforce_naming_style: "STYLE_LEGACY", default_symbol_visibility: "EXPORT_ALL" };
    var editions2024Defaults = { enum_type: "OPEN", field_presence: "EXPLICIT", json_format: "ALLOW", message_encoding: "LENGTH_PREFIXED", repeated_field_encoding: "PACKED", utf8_validation: "VERIFY", enforce_naming_style: "STYLE2024", default_symbol_visibility: "EXPORT_TOP_LEVEL" };
    var editions2026Defaults = { enum_type: "OPEN", field_presence: "EXPLICIT", json_format: "ALLOW", message_encoding: "LENGTH_PREFIXED", repeated_field_encoding: "PACKED", utf8_validation: "VERIFY", enforce_naming_style: "STYLE2026", default_symbol_visibility: "STRICT", enforce_proto_limits: "PROTO_LIMITS2026" };
    function ReflectionObject(name, options) {
      if (!util.isString(name))
        throw TypeError("name must be a string");
      if (options && !util.isObject(options))
        throw TypeError("options must be an object");
      this.options = options;
      this.parsedOptions = null;
      this.name = name;
      this._edition = null;
      this._defaultEdition = "proto2";
      this._features = {};
      this._featuresResolved = false;
      this.parent = null;
      this.resolved = false;
      this.comment = null;
      this.filename = null;
    }
    __name(ReflectionObject, "ReflectionObject");
    Object.defineProperties(ReflectionObject.prototype, {
      /**
       * Reference to the root namespace.
       * @name ReflectionObject#root
       * @type {Root}
       * @readonly
       */
      root: {
        get: /* @__PURE__ */ __name(function() {
          var ptr = this;
          while (ptr.parent !== null)
            ptr = ptr.parent;
          return ptr;
        }, "get")
      },
      /**
       * Full name including leading dot.
       * @name ReflectionObject#fullName
       * @type {string}
       * @readonly
       */
      fullName: {
        get: /* @__PURE__ */ __name(function() {
          var path = [this.name], ptr = this.parent;
          while (ptr) {
            path.unshift(ptr.name);
            ptr = ptr.parent;
          }
          return path.join(".");
        }, "get")
      }
    });
    ReflectionObject.prototype.toJSON = /* istanbul ignore next */
    /* @__PURE__ */ __name(function toJSON() {
      throw Error();
    }, "toJSON");
    ReflectionObject.prototype.onAdd = /* @__PURE__ */ __name(function onAdd(parent) {
      if (this.parent && this.parent !== parent)
        this.parent.remove(this);
      this.parent = parent;
      this.resolved = false;
      var root = parent.root;
      if (root instanceof Root)
        root._handleAdd(this);
    }, "onAdd");
    ReflectionObject.prototype.onRemove = /* @__PURE__ */ __name(function onRemove(parent) {
      var root = parent.root;
      if (root instanceof Root)
        root._handleRemove(this);
      this.parent = null;
      this.resolved = false;
    }, "onRemove");
    ReflectionObject.prototype.resolve = /* @__PURE__ */ __name(function resolve2() {
      if (this.resolved)
        return this;
      if (this.root instanceof Root)
        this.resolved = true;
      return this;
    }, "resolve");
    ReflectionObject.prototype._resolveFeaturesRecursive = /* @__PURE__ */ __name(function _resolveFeaturesRecursive(edition) {
      return this._resolveFeatures(this._edition || edition);
    }, "_resolveFeaturesRecursive");
    ReflectionObject.prototype._resolveFeatures = /* @__PURE__ */ __name(function _resolveFeatures(edition) {
      if (this._featuresResolved) {
        return;
      }
      var defaults = {};
      if (!edition) {
        throw new Error("Unknown edition for " + this.fullName);
      }
      var protoFeatures = util.merge(
        {},
        this.options && this.options.features,
        this._inferLegacyProtoFeatures(edition)
      );
      if (this._edition) {
        if (edition === "proto2") {
          defaults = Object.assign({}, proto2Defaults);
        } else if (edition === "proto3") {
          defaults = Object.assign({}, proto3Defaults);
        } else if (edition === "2023") {
          defaults = Object.assign({}, editions2023Defaults);
        } else if (edition === "2024") {
          defaults = Object.assign({}, editions2024Defaults);
        } else if (edition === "2026") {
          defaults = Object.assign({}, editions2026Defaults);
        } else {
          throw new Error("Unknown edition: " + edition);
        }
        this._features = util.merge(defaults, protoFeatures);
      } else {
        if (this.partOf instanceof OneOf) {
          var lexicalParentFeaturesCopy = util.merge({}, this.partOf._features);
          this._features = util.merge(lexicalParentFeaturesCopy, protoFeatures);
        } else if (this.declaringField) {
        } else if (this.parent) {
          var parentFeaturesCopy = util.merge({}, this.parent._features);
          this._features = util.merge(parentFeaturesCopy, protoFeatures);
        } else {
          throw new Error("Unable to find a parent for " + this.fullName);
        }
      }
      if (this.extensionField) {
        this.extensionField._features = this._features;
      }
      this._featuresResolved = true;
    }, "_resolveFeatures");
    ReflectionObject.prototype._inferLegacyProtoFeatures = /* @__PURE__ */ __name(function _inferLegacyProtoFeatures() {
      return {};
    }, "_inferLegacyProtoFeatures");
    ReflectionObject.prototype.getOption = /* @__PURE__ */ __name(function getOption(name) {
      if (this.options && Object.prototype.hasOwnProperty.call(this.options, name))
        return this.options[name];
      return void 0;
    }, "getOption");
    ReflectionObject.prototype.setOption = /* @__PURE__ */ __name(function setOption(name, value, ifNotSet) {
      if (name === "__proto__")
        return this;
      if (!this.options)
        this.options = {};
      if (/^features\./.test(name)) {
        util.setProperty(this.options, name, value, ifNotSet);
      } else {
        var prev = this.getOption(name);
        if (!ifNotSet || prev === void 0) {
          if (prev !== value) this.resolved = false;
          this.options[name] = value;
        }
      }
      return this;
    }, "setOption");
    ReflectionObject.prototype.setParsedOption = /* @__PURE__ */ __name(function setParsedOption(name, value, propName) {
      if (name === "__proto__")
        return this;
      if (!this.parsedOptions) {
        this.parsedOptions = [];
      }
      var parsedOptions = this.parsedOptions;
      if (propName) {
        var opt = parsedOptions.find(function(opt2) {
          return Object.prototype.hasOwnProperty.call(opt2, name);
        });
        if (opt) {
          var newValue = opt[name];
          util.setProperty(newValue, propName, value);
        } else {
          opt = {};
          opt[name] = util.setProperty({}, propName, value);
          parsedOptions.push(opt);
        }
      } else {
        var newOpt = {};
        newOpt[name] = value;
        parsedOptions.push(newOpt);
      }
      return this;
    }, "setParsedOption");
    ReflectionObject.prototype.setOptions = /* @__PURE__ */ __name(function setOptions(options, ifNotSet) {
      if (options)
        for (var keys = Object.keys(options), i = 0; i < keys.length; ++i)
          this.setOption(keys[i], options[keys[i]], ifNotSet);
      return this;
    }, "setOptions");
    Object.defineProperty(ReflectionObject.prototype, "toString", {
      value: /* @__PURE__ */ __name(function toString() {
        var className = this.constructor.className, fullName = this.fullName;
        if (fullName.length)
          return className + " " + fullName;
        return className;
      }, "toString"),
      writable: true,
      enumerable: false,
      configurable: true
    });
    ReflectionObject.prototype._editionToJSON = /* @__PURE__ */ __name(function _editionToJSON() {
      if (!this._edition || this._edition === "proto3") {
        return void 0;
      }
      return this._edition;
    }, "_editionToJSON");
    ReflectionObject._configure = function(Root_) {
      Root = Root_;
    };
  }
});

// node_modules/protobufjs/src/enum.js
var require_enum = __commonJS({
  "node_modules/protobufjs/src/enum.js"(exports, module) {
    "use strict";
    module.exports = Enum;
    var ReflectionObject = require_object();
    Enum.prototype = Object.create(ReflectionObject.prototype, {
      constructor: {
        value: Enum,
        writable: true,
        enumerable: false,
        configurable: true
      }
    });
    Enum.className = "Enum";
    var Namespace = require_namespace();
    var util = require_util();
    function Enum(name, values, options, comment, comments, valuesOptions) {
      ReflectionObject.call(this, name, options);
      if (values && typeof values !== "object")
        throw TypeError("values must be an object");
      this.valuesById = /* @__PURE__ */ Object.create(null);
      this.values = Object.create(this.valuesById);
      this.comment = comment;
      this.comments = comments || {};
      this.valuesOptions = valuesOptions;
      this._valuesFeatures = {};
      this.reserved = void 0;
      this.visibility = void 0;
      if (values) {
        for (var keys = Object.keys(values), i = 0; i < keys.length; ++i)
          if (keys[i] !== "__proto__" && typeof values[keys[i]] === "number") {
            this.values[keys[i]] = values[keys[i]];
            if (this.valuesById[values[keys[i]]] === void 0)
              this.valuesById[values[keys[i]]] = keys[i];
          }
      }
    }
    __name(Enum, "Enum");
    Enum.prototype._resolveFeatures = /* @__PURE__ */ __name(function _resolveFeatures(edition) {
      edition = this._edition || edition;
      ReflectionObject.prototype._resolveFeatures.call(this, edition);
      Object.keys(this.values).forEach((key) => {
        var parentFeaturesCopy = util.merge({}, this._features);
        this._valuesFeatures[key] = util.merge(parentFeaturesCopy, this.valuesOptions && this.valuesOptions[key] && this.valuesOptions[key].features || {});
      });
      return this;
    }, "_resolveFeatures");
    Enum.fromJSON = /* @__PURE__ */ __name(function fromJSON(name, json) {
      var enm = new Enum(name, json.values, json.options, json.comment, json.comments, json.valuesOptions);
      enm.reserved = json.reserved;
      if (json.visibility)
        enm.visibility = json.visibility;
      if (json.edition)
        enm._edition = json.edition;
      enm._defaultEdition = "proto3";
      return enm;
    }, "fromJSON");
    Enum.prototype.toJSON = /* @__PURE__ */ __name(function toJSON(toJSONOptions) {
      var keepComments = toJSONOptions ? Boolean(toJSONOptions.keepComments) : false;
      return util.toObject([
        "edition",
        this._editionToJSON(),
        "options",
        this.options,
        "valuesOptions",
        this.valuesOptions,
        "values",
        this.values,
        "reserved",
        this.reserved && this.reserved.length ? this.reserved : void 0,
        "visibility",
        this.visibility,
        "comment",
        keepComments ? this.comment : void 0,
        "comments",
        keepComments ? this.comments : void 0
      ]);
    }, "toJSON");
    Enum.prototype.add = /* @__PURE__ */ __name(function add(name, id, comment, options) {
      if (!util.isString(name))
        throw TypeError("name must be a string");
      if (!util.isInteger(id))
        throw TypeError("id must be an integer");
      if (name === "__proto__")
        return this;
      if (this.values[name] !== void 0)
        throw Error("duplicate name '" + name + "' in " + this);
      if (this.isReservedId(id))
        throw Error("id " + id + " is reserved in " + this);
      if (this.isReservedName(name))
        throw Error("name '" + name + "' is reserved in " + this);
      if (this.valuesById[id] !== void 0) {
        if (!(this.options && this.options.allow_alias))
          throw Error("duplicate id " + id + " in " + this);
        this.values[name] = id;
      } else
        this.valuesById[this.values[name] = id] = name;
      if (options) {
        if (this.valuesOptions === void 0)
          this.valuesOptions = {};
        this.valuesOptions[name] = options || null;
      }
      this.comments[name] = comment || null;
      return this;
    }, "add");
    Enum.prototype.remove = /* @__PURE__ */ __name(function remove(name) {
      if (!util.isString(name))
        throw TypeError("name must be a string");
      var val = this.values[name];
      if (val == null)
        throw Error("name '" + name + "' does not exist in " + this);
      delete this.valuesById[val];
      delete this.values[name];
      delete this.comments[name];
      if (this.valuesOptions)
        delete this.valuesOptions[name];
      return this;
    }, "remove");
    Enum.prototype.isReservedId = /* @__PURE__ */ __name(function isReservedId(id) {
      return Namespace.isReservedId(this.reserved, id);
    }, "isReservedId");
    Enum.prototype.isReservedName = /* @__PURE__ */ __name(function isReservedName(name) {
      return Namespace.isReservedName(this.reserved, name);
    }, "isReservedName");
  }
});

// node_modules/protobufjs/src/encoder.js
var require_encoder = __commonJS({
  "node_modules/protobufjs/src/encoder.js"(exports, module) {
    "use strict";
    module.exports = encoder;
    var Enum = require_enum();
    var types = require_types4();
    var util = require_util();
    function genTypePartial(gen, field, fieldIndex, ref) {
      return field.delimited ? gen("types[%i].encode(%s,w.uint32(%i),q+1).uint32(%i)", fieldIndex, ref, (field.id << 3 | 3) >>> 0, (field.id << 3 | 4) >>> 0) : gen("types[%i].encode(%s,w.uint32(%i).fork(),q+1).ldelim()", fieldIndex, ref, (field.id << 3 | 2) >>> 0);
    }
    __name(genTypePartial, "genTypePartial");
    function encoder(mtype) {
      var gen = util.codegen(["m", "w", "q"])("if(!w)")("w=Writer.create()")("if(q===undefined)q=0")("if(q>util.recursionLimit)")('throw Error("max depth exceeded")');
      var i, ref;
      var fields = (
        /* initializes */
        mtype.fieldsArray.slice().sort(util.compareFieldsById)
      );
      for (var i = 0; i < fields.length; ++i) {
        var field = fields[i].resolve(), index = mtype._fieldsArray.indexOf(field), type = field.resolvedType instanceof Enum ? "int32" : field.type, wireType = types.basic[type];
        ref = "m" + util.safeProp(field.name);
        if (field.map) {
          gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j)){", ref, field.name)("for(var ks=Object.keys(%s),i=0;i<ks.length;++i){", ref);
          if (field.keyType === "bool") gen("w.uint32(%i).fork().uint32(%i).bool(util.boolFromKey(ks[i]))", (field.id << 3 | 2) >>> 0, 8 | types.mapKey[field.keyType]);
          else if (types.long[field.keyType] !== void 0) gen("w.uint32(%i).fork().uint32(%i).%s(util.longFromKey(ks[i],%j))", (field.id << 3 | 2) >>> 0, 8 | types.mapKey[field.keyType], field.keyType, field.keyType === "uint64" || field.keyType === "fixed64");
          else gen("w.uint32(%i).fork().uint32(%i).%s(ks[i])", (field.id << 3 | 2) >>> 0, 8 | types.mapKey[field.keyType], field.keyType);
          if (wireType === void 0) gen("types[%i].encode(%s[ks[i]],w.uint32(18).fork(),q+1).ldelim().ldelim()", index, ref);
          else gen(".uint32(%i).%s(%s[ks[i]]).ldelim()", 16 | wireType, type, ref);
          gen("}")("}");
        } else if (field.repeated) {
          gen("if(%s!=null&&%s.length){", ref, ref);
          if (field.packed && types.packed[type] !== void 0) {
            gen("w.uint32(%i).%ss(%s)", (field.id << 3 | 2) >>> 0, type, ref);
          } else {
            gen("for(var i=0;i<%s.length;++i)", ref);
            if (wireType === void 0)
              genTypePartial(gen, field, index, ref + "[i]");
            else gen("w.uint32(%i).%s(%s[i])", (field.id << 3 | wireType) >>> 0, type, ref);
          }
          gen("}");
        } else {
          if (!field.required)
            if (field.hasPresence || !(field.resolvedType instanceof Enum || types.basic[type] !== void 0)) gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j))", ref, field.name);
            else if (field.resolvedType instanceof Enum) gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j)&&%s!==%j)", ref, field.name, ref, field.typeDefault);
            else if (type === "bool") gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j)&&%s!==false)", ref, field.name, ref);
            else if (type === "string") gen('if(%s!=null&&Object.hasOwnProperty.call(m,%j)&&%s!=="")', ref, field.name, ref);
            else if (type === "bytes") gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j)&&%s.length)", ref, field.name, ref);
            else if (type === "double" || type === "float") gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j)&&!Object.is(%s,0))", ref, field.name, ref);
            else if (types.long[type] !== void 0) gen('if(%s!=null&&Object.hasOwnProperty.call(m,%j)&&(typeof %s==="object"?%s.low||%s.high:%s!==0))', ref, field.name, ref, ref, ref, ref);
            else gen("if(%s!=null&&Object.hasOwnProperty.call(m,%j)&&%s!==0)", ref, field.name, ref);
          if (wireType === void 0)
            genTypePartial(gen, field, index, ref);
          else gen("w.uint32(%i).%s(%s)", (field.id << 3 | wireType) >>> 0, type, ref);
        }
      }
      return gen('if(m.$unknowns!=null&&Object.hasOwnProperty.call(m,"$unknowns"))')("for(var i=0;i<m.$unknowns.length;++i)")("w.raw(m.$unknowns[i])")("return w");
    }
    __name(encoder, "encoder");
  }
});

// node_modules/protobufjs/src/index-light.js
var require_index_light = __commonJS({
  "node_modules/protobufjs/src/index-light.js"(exports, module) {
    "use strict";
    exports = module.exports = require_index_minimal();
    exports.build = "light";
    function load(filename, root, callback) {
      if (typeof root === "function") {
        callback = root;
        root = new exports.Root();
      } else if (!root)
        root = new exports.Root();
      return root.load(filename, callback);
    }
    __name(load, "load");
    exports.load = load;
    function loadSync(filename, root) {
      if (!root)
        root = new exports.Root();
      return root.loadSync(filename);
    }
    __name(loadSync, "loadSync");
    exports.loadSync = loadSync;
    exports.encoder = require_encoder();
    exports.decoder = require_decoder();
    exports.verifier = require_verifier();
    exports.converter = require_converter();
    exports.ReflectionObject = require_object();
    exports.Namespace = require_namespace();
    exports.Root = require_root();
    exports.Enum = require_enum();
    exports.Type = require_type();
    exports.Field = require_field();
    exports.OneOf = require_oneof();
    exports.MapField = require_mapfield();
    exports.Service = require_service3();
    exports.Method = require_method();
    exports.Message = require_message();
    exports.wrappers = require_wrappers();
    exports.types = require_types4();
    exports.util = require_util();
    exports.ReflectionObject._configure(exports.Root);
    exports.Namespace._configure(exports.Type, exports.Service, exports.Enum);
    exports.Root._configure(exports.Type, void 0, {});
    exports.Field._configure(exports.Type);
  }
});

// node_modules/protobufjs/src/tokenize.js
var require_tokenize = __commonJS({
  "node_modules/protobufjs/src/tokenize.js"(exports, module) {
    "use strict";
    module.exports = tokenize;
    var delimRe = /[\s{}=;:[\],'"()<>]/g;
    var stringDoubleRe = /(?:"([^"\\]*(?:\\.[^"\\]*)*)")/g;
    var stringSingleRe = /(?:'([^'\\]*(?:\\.[^'\\]*)*)')/g;
    var setCommentRe = /^ *[*/]+ */;
    var setCommentAltRe = /^\s*\*?\/*/;
    var setCommentSplitRe = /\n/g;
    var whitespaceRe = /\s/;
    var unescapeRe = /\\([0-7]{1,3}|[xX][0-9a-fA-F]{1,2}|.?)/g;
    var unescapeMap = {
      "a": "\x07",
      "b": "\b",
      "f": "\f",
      "r": "\r",
      "n": "\n",
      "t": "	",
      "v": "\v",
      "?": "?",
      "'": "'",
      '"': '"'
    };
    function unescape(str2) {
      return str2.replace(unescapeRe, function($0, $1) {
        var first = $1.charAt(0);
        if (first >= "0" && first <= "7")
          return String.fromCharCode(parseInt($1, 8) & 255);
        if (first === "x" || first === "X")
          return String.fromCharCode(parseInt($1.substring(1), 16));
        switch ($1) {
          case "\\":
          case "":
            return $1;
          default:
            return unescapeMap[$1] || "";
        }
      });
    }
    __name(unescape, "unescape");
    tokenize.unescape = unescape;
    function tokenize(source, alternateCommentMode) {
      source = source.toString();
      var offset = 0, length = source.length, line = 1, lastCommentLine = 0, comments = {};
      var stack = [];
      var stringDelim = null;
      function illegal(subject) {
        return Error("illegal " + subject + " (line " + line + ")");
      }
      __name(illegal, "illegal");
      function readString() {
        var re = stringDelim === "'" ? stringSingleRe : stringDoubleRe;
        re.lastIndex = offset - 1;
        var match = re.exec(source);
        if (!match)
          throw illegal("string");
        offset = re.lastIndex;
        push(stringDelim);
        stringDelim = null;
        return unescape(match[1]);
      }
      __name(readString, "readString");
      function charAt(pos) {
        return source.charAt(pos);
      }
      __name(charAt, "charAt");
      function setComment(start, end, isLeading) {
        var comment = {
          type: source.charAt(start++),
          lineEmpty: false,
          leading: isLeading
        };
        var lookback;
        if (alternateCommentMode) {
          lookback = 2;
        } else {
          lookback = 3;
        }
        var commentOffset = start - lookback, c;
        do {
          if (--commentOffset < 0 || (c = source.charAt(commentOffset)) === "\n") {
            comment.lineEmpty = true;
            break;
          }
        } while (c === " " || c === "	");
        var lines = source.substring(start, end).split(setCommentSplitRe);
        for (var i = 0; i < lines.length; ++i)
          lines[i] = lines[i].replace(alternateCommentMode ? setCommentAltRe : setCommentRe, "").trim();
        comment.text = lines.join("\n").trim();
        comments[line] = comment;
        lastCommentLine = line;
      }
      __name(setComment, "setComment");
      function isDoubleSlashCommentLine(startOffset) {
        var endOffset = findEndOfLine(startOffset);
        var lineText = source.substring(startOffset, endOffset);
        var isComment = /^\s*\/\//.test(lineText);
        return isComment;
      }
      __name(isDoubleSlashCommentLine, "isDoubleSlashCommentLine");
      function findEndOfLine(cursor) {
        var endOffset = cursor;
        while (endOffset < length && charAt(endOffset) !== "\n") {
          endOffset++;
        }
        return endOffset;
      }
      __name(findEndOfLine, "findEndOfLine");
      function next() {
        if (stack.length > 0)
          return stack.shift();
        if (stringDelim)
          return readString();
        var repeat, prev, curr, start, isDoc, nextLineIsComment, isLeadingComment = offset === 0;
        do {
          if (offset === length)
            return null;
          repeat = false;
          while (whitespaceRe.test(curr = charAt(offset))) {
            if (curr === "\n") {
              isLeadingComment = true;
              ++line;
            }
            if (++offset === length)
              return null;
          }
          if (charAt(offset) === "/") {
            if (++offset === length) {
              throw illegal("comment");
            }
            if (charAt(offset) === "/") {
              if (!alternateCommentMode) {
                isDoc = charAt(start = offset + 1) === "/";
                while (charAt(++offset) !== "\n") {
                  if (offset === length) {
                    return null;
                  }
                }
                ++offset;
                if (isDoc) {
                  setComment(start, offset - 1, isLeadingComment);
                  isLeadingComment = true;
                }
                ++line;
                repeat = true;
              } else {
                start = offset;
                isDoc = false;
                if (isDoubleSlashCommentLine(offset - 1)) {
                  isDoc = true;
                  do {
                    offset = findEndOfLine(offset);
                    if (offset === length) {
                      break;
                    }
                    offset++;
                    if (!isLeadingComment) {
                      break;
                    }
                    nextLineIsComment = isDoubleSlashCommentLine(offset);
                    if (nextLineIsComment) {
                      line++;
                    }
                  } while (nextLineIsComment);
                } else {
                  offset = Math.min(length, findEndOfLine(offset) + 1);
                }
                if (isDoc) {
                  setComment(start, offset, isLeadingComment);
                  isLeadingComment = true;
                }
                line++;
                repeat = true;
              }
            } else if ((curr = charAt(offset)) === "*") {
              start = offset + 1;
              isDoc = alternateCommentMode || charAt(start) === "*";
              do {
                if (curr === "\n") {
                  ++line;
                }
                if (++offset === length) {
                  throw illegal("comment");
                }
                prev = curr;
                curr = charAt(offset);
              } while (prev !== "*" || curr !== "/");
              ++offset;
              if (isDoc) {
                setComment(start, offset - 2, isLeadingComment);
                isLeadingComment = true;
              }
              repeat = true;
            } else {
              return "/";
            }
          }
        } while (repeat);
        var end = offset;
        delimRe.lastIndex = 0;
        var delim = delimRe.test(charAt(end++));
        if (!delim)
          while (end < length && !delimRe.test(charAt(end)))
            ++end;
        var token = source.substring(offset, offset = end);
        if (token === '"' || token === "'")
          stringDelim = token;
        return token;
      }
      __name(next, "next");
      function push(token) {
        stack.push(token);
      }
      __name(push, "push");
      function peek2() {
        if (!stack.length) {
          var token = next();
          if (token === null)
            return null;
          push(token);
        }
        return stack[0];
      }
      __name(peek2, "peek");
      function skip(expected, optional) {
        var actual = peek2(), equals = actual === expected;
        if (equals) {
          next();
          return true;
        }
        if (!optional)
          throw illegal("token '" + actual + "', '" + expected + "' expected");
        return false;
      }
      __name(skip, "skip");
      function cmnt(trailingLine) {
        var ret = null;
        var comment;
        if (trailingLine === void 0) {
          comment = comments[line - 1];
          delete comments[line - 1];
          if (comment && (alternateCommentMode || comment.type === "*" || comment.lineEmpty)) {
            ret = comment.leading ? comment.text : null;
          }
        } else {
          if (lastCommentLine < trailingLine) {
            peek2();
          }
          comment = comments[trailingLine];
          delete comments[trailingLine];
          if (comment && !comment.lineEmpty && (alternateCommentMode || comment.type === "/")) {
            ret = comment.leading ? null : comment.text;
          }
        }
        return ret;
      }
      __name(cmnt, "cmnt");
      return Object.defineProperty({
        next,
        peek: peek2,
        push,
        skip,
        cmnt
      }, "line", {
        get: /* @__PURE__ */ __name(function() {
          return line;
        }, "get")
      });
    }
    __name(tokenize, "tokenize");
  }
});

// node_modules/protobufjs/src/parse.js
var require_parse = __commonJS({
  "node_modules/protobufjs/src/parse.js"(exports, module) {
    "use strict";
    module.exports = parse;
    parse.filename = null;
    parse.defaults = { keepCase: false };
    var tokenize = require_tokenize();
    var Root = require_root();
    var Type = require_type();
    var Field = require_field();
    var MapField = require_mapfield();
    var OneOf = require_oneof();
    var Enum = require_enum();
    var Service = require_service3();
    var Method = require_method();
    var ReflectionObject = require_object();
    var types = require_types4();
    var util = require_util();
    var base10Re = /^[1-9][0-9]*$/;
    var base10NegRe = /^-?[1-9][0-9]*$/;
    var base16Re = /^0[x][0-9a-fA-F]+$/;
    var base16NegRe = /^-?0[x][0-9a-fA-F]+$/;
    var base8Re = /^0[0-7]+$/;
    var base8NegRe = /^-?0[0-7]+$/;
    var integerTypeRe = /^(?:u?int|sint|s?fixed)(?:32|64)$/;
    var unsignedTypeRe = /^(?:uint|fixed)(?:32|64)$/;
    var numberRe = util.patterns.numberRe;
    var nameRe = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
    var typeRefRe = util.patterns.typeRefRe;
    var maxFieldId = 536870911;
    var maxEnumId = 2147483647;
    function parse(source, root, options) {
      if (!(root instanceof Root)) {
        options = root;
        root = new Root();
      }
      if (!options)
        options = parse.defaults;
      var preferTrailingComment = options.preferTrailingComment || false;
      var tn = tokenize(source, options.alternateCommentMode || false), next = tn.next, push = tn.push, peek2 = tn.peek, skip = tn.skip, cmnt = tn.cmnt;
      var head = true, pkg, imports, weakImports, edition = "proto2";
      var ptr = root;
      var topLevelObjects = [];
      var topLevelOptions = {};
      var applyCase = options.keepCase ? function(name) {
        return name;
      } : util.camelCase;
      function resolveFileFeatures() {
        topLevelObjects.forEach((obj) => {
          obj._edition = edition;
          Object.keys(topLevelOptions).forEach((opt) => {
            if (obj.getOption(opt) !== void 0) return;
            obj.setOption(opt, topLevelOptions[opt], true);
          });
        });
      }
      __name(resolveFileFeatures, "resolveFileFeatures");
      function illegal(token2, name, insideTryCatch) {
        var filename = parse.filename;
        if (!insideTryCatch)
          parse.filename = null;
        return Error("illegal " + (name || "token") + " '" + token2 + "' (" + (filename ? filename + ", " : "") + "line " + tn.line + ")");
      }
      __name(illegal, "illegal");
      function readString() {
        var values = [], token2;
        do {
          if ((token2 = next()) !== '"' && token2 !== "'")
            throw illegal(token2);
          values.push(next());
          skip(token2);
          token2 = peek2();
        } while (token2 === '"' || token2 === "'");
        return values.join("");
      }
      __name(readString, "readString");
      function readValue(acceptTypeRef) {
        var token2 = next();
        switch (token2) {
          case "'":
          case '"':
            push(token2);
            return readString();
          case "true":
          case "TRUE":
            return true;
          case "false":
          case "FALSE":
            return false;
        }
        try {
          return parseNumber(
            token2,
            /* insideTryCatch */
            true
          );
        } catch (e) {
          if (acceptTypeRef && typeRefRe.test(token2))
            return token2;
          throw illegal(token2, "value");
        }
      }
      __name(readValue, "readValue");
      function readRanges(target, acceptStrings, max, acceptNegative) {
        var token2, start;
        do {
          if (acceptStrings && ((token2 = peek2()) === '"' || token2 === "'")) {
            var str2 = readString();
            target.push(str2);
            if (edition >= 2023) {
              throw illegal(str2, "id");
            }
          } else {
            try {
              target.push([start = parseId(next(), acceptNegative, max), skip("to", true) ? parseId(next(), acceptNegative, max) : start]);
            } catch (err) {
              if (acceptStrings && typeRefRe.test(token2) && edition >= 2023) {
                target.push(token2);
              } else {
                throw err;
              }
            }
          }
        } while (skip(",", true));
        var dummy = { options: void 0 };
        dummy.setOption = function(name, value) {
          if (this.options === void 0) this.options = {};
          this.options[name] = value;
        };
        ifBlock(
          dummy,
          /* @__PURE__ */ __name(function parseRange_block(token3) {
            if (token3 === "option") {
              parseOption(dummy, token3);
              skip(";");
            } else
              throw illegal(token3);
          }, "parseRange_block"),
          /* @__PURE__ */ __name(function parseRange_line() {
            parseInlineOptions(dummy);
          }, "parseRange_line")
        );
      }
      __name(readRanges, "readRanges");
      function parseNumber(token2, insideTryCatch) {
        var sign = 1;
        if (token2.charAt(0) === "-") {
          sign = -1;
          token2 = token2.substring(1);
        }
        switch (token2) {
          case "inf":
          case "INF":
          case "Inf":
            return sign * Infinity;
          case "nan":
          case "NAN":
          case "Nan":
          case "NaN":
            return NaN;
          case "0":
            return sign * 0;
        }
        if (base10Re.test(token2))
          return sign * parseInt(token2, 10);
        if (base16Re.test(token2))
          return sign * parseInt(token2, 16);
        if (base8Re.test(token2))
          return sign * parseInt(token2, 8);
        if (numberRe.test(token2))
          return sign * parseFloat(token2);
        throw illegal(token2, "number", insideTryCatch);
      }
      __name(parseNumber, "parseNumber");
      function parseInteger(token2, acceptNegative, name) {
        if (token2 === null)
          throw illegal(token2, "end of input");
        if (!acceptNegative && token2.charAt(0) === "-")
          throw illegal(token2, name || "integer");
        if (token2 === "0" || token2 === "-0")
          return 0;
        var value;
        if (base10NegRe.test(token2))
          value = parseInt(token2, 10);
        else if (base16NegRe.test(token2))
          value = parseInt(token2, 16);
        else if (base8NegRe.test(token2))
          value = parseInt(token2, 8);
        else
          throw illegal(token2, name || "integer");
        return value || 0;
      }
      __name(parseInteger, "parseInteger");
      function parseId(token2, acceptNegative, max) {
        switch (token2) {
          case "max":
          case "MAX":
          case "Max":
            return max || maxFieldId;
        }
        return parseInteger(token2, acceptNegative, "id");
      }
      __name(parseId, "parseId");
      function parsePackage() {
        if (pkg !== void 0)
          throw illegal("package");
        pkg = next();
        if (pkg === null || !typeRefRe.test(pkg))
          throw illegal(pkg, "name");
        ptr = ptr.define(pkg);
        skip(";");
      }
      __name(parsePackage, "parsePackage");
      function parseImport() {
        var token2 = peek2();
        var whichImports;
        switch (token2) {
          case "option":
            if (edition < "2024") {
              throw illegal("option");
            }
            next();
            readString();
            skip(";");
            return;
          case "weak":
            whichImports = weakImports || (weakImports = []);
            next();
            break;
          case "public":
            next();
          // eslint-disable-next-line no-fallthrough
          default:
            whichImports = imports || (imports = []);
            break;
        }
        token2 = readString();
        skip(";");
        whichImports.push(token2);
      }
      __name(parseImport, "parseImport");
      function parseSyntax() {
        skip("=");
        edition = readString();
        if (edition < 2023)
          throw illegal(edition, "syntax");
        skip(";");
      }
      __name(parseSyntax, "parseSyntax");
      function parseEdition() {
        skip("=");
        edition = readString();
        const supportedEditions = ["2023", "2024", "2026"];
        if (!supportedEditions.includes(edition))
          throw illegal(edition, "edition");
        skip(";");
      }
      __name(parseEdition, "parseEdition");
      function parseCommon(parent, token2, depth) {
        if (depth === void 0)
          depth = 0;
        switch (token2) {
          case "option":
            parseOption(parent, token2);
            skip(";");
            return true;
          case "message":
            parseType(parent, token2, depth + 1);
            return true;
          case "enum":
            parseEnum(parent, token2);
            return true;
          case "export":
          case "local":
            if (edition < "2024") {
              return false;
            }
            var visibility = token2;
            token2 = next();
            if (token2 === "export" || token2 === "local") {
              return false;
            }
            if (token2 !== "message" && token2 !== "enum") {
              return false;
            }
            (token2 === "message" ? parseType(parent, token2, depth + 1) : parseEnum(parent, token2)).visibility = visibility;
            return true;
          case "service":
            parseService(parent, token2, depth + 1);
            return true;
          case "extend":
            parseExtension(parent, token2, depth);
            return true;
        }
        return false;
      }
      __name(parseCommon, "parseCommon");
      function ifBlock(obj, fnIf, fnElse) {
        var trailingLine = tn.line;
        if (obj) {
          if (typeof obj.comment !== "string") {
            obj.comment = cmnt();
          }
          obj.filename = parse.filename;
        }
        if (skip("{", true)) {
          var token2;
          while ((token2 = next()) !== "}")
            fnIf(token2);
          skip(";", true);
        } else {
          if (fnElse)
            fnElse();
          skip(";");
          if (obj && (typeof obj.comment !== "string" || preferTrailingComment))
            obj.comment = cmnt(trailingLine) || obj.comment;
        }
      }
      __name(ifBlock, "ifBlock");
      function parseType(parent, token2, depth) {
        if (depth === void 0)
          depth = 0;
        if (depth > util.nestingLimit)
          throw Error("max depth exceeded");
        if ((token2 = next()) === null || !nameRe.test(token2))
          throw illegal(token2, "type name");
        var type = new Type(token2);
        ifBlock(type, /* @__PURE__ */ __name(function parseType_block(token3) {
          if (parseCommon(type, token3, depth))
            return;
          switch (token3) {
            case ";":
              break;
            case "map":
              parseMapField(type, token3);
              break;
            case "required":
              if (edition !== "proto2")
                throw illegal(token3);
            /* eslint-disable no-fallthrough */
            case "repeated":
              parseField(type, token3, void 0, depth + 1);
              break;
            case "optional":
              if (edition === "proto3") {
                parseField(type, "proto3_optional", void 0, depth + 1);
              } else if (edition !== "proto2") {
                throw illegal(token3);
              } else {
                parseField(type, "optional", void 0, depth + 1);
              }
              break;
            case "oneof":
              parseOneOf(type, token3, depth + 1);
              break;
            case "extensions":
              readRanges(type.extensions || (type.extensions = []));
              break;
            case "reserved":
              readRanges(type.reserved || (type.reserved = []), true);
              break;
            default:
              if (edition === "proto2" || !typeRefRe.test(token3)) {
                throw illegal(token3);
              }
              push(token3);
              parseField(type, "optional", void 0, depth + 1);
              break;
          }
        }, "parseType_block"));
        parent.add(type);
        if (parent === ptr) {
          topLevelObjects.push(type);
        }
        return type;
      }
      __name(parseType, "parseType");
      function parseField(parent, rule, extend, depth) {
        var type = next();
        if (type === null) {
          throw illegal(type, "end of input");
        }
        if (type === "group") {
          parseGroup(parent, rule, extend, depth);
          return;
        }
        while (type.endsWith(".") || (peek2() || "").startsWith(".")) {
          var part = next();
          if (part === null) {
            throw illegal(part, "end of input");
          }
          type += part;
        }
        if (!typeRefRe.test(type))
          throw illegal(type, "type");
        var name = next();
        if (name === null) {
          throw illegal(name, "end of input");
        }
        if (!nameRe.test(name))
          throw illegal(name, "name");
        var protoName = name;
        name = applyCase(name);
        skip("=");
        var field = new Field(name, parseId(next()), type, rule === "proto3_optional" ? "optional" : rule, extend);
        if (protoName !== name)
          field.protoName = protoName;
        ifBlock(field, /* @__PURE__ */ __name(function parseField_block(token2) {
          if (token2 === "option") {
            parseOption(field, token2);
            skip(";");
          } else
            throw illegal(token2);
        }, "parseField_block"), /* @__PURE__ */ __name(function parseField_line() {
          parseInlineOptions(field);
        }, "parseField_line"));
        if (rule === "proto3_optional") {
          var oneof = new OneOf("_" + name);
          field.setOption("proto3_optional", true);
          oneof.add(field);
          parent.add(oneof);
        } else {
          parent.add(field);
        }
        if (parent === ptr) {
          topLevelObjects.push(field);
        }
      }
      __name(parseField, "parseField");
      function parseGroup(parent, rule, extend, depth) {
        if (depth === void 0)
          depth = 0;
        if (depth > util.nestingLimit)
          throw Error("max depth exceeded");
        if (edition >= 2023) {
          throw illegal("group");
        }
        var name = next();
        if (name === null || !nameRe.test(name))
          throw illegal(name, "name");
        var fieldName = util.lcFirst(name);
        if (name === fieldName)
          name = util.ucFirst(name);
        skip("=");
        var id = parseId(next());
        var type = new Type(name);
        type.group = true;
        var field = new Field(fieldName, id, name, rule, extend);
        field.filename = parse.filename;
        ifBlock(type, /* @__PURE__ */ __name(function parseGroup_block(token2) {
          switch (token2) {
            case ";":
              break;
            case "map":
              parseMapField(type);
              break;
            case "option":
              parseOption(type, token2);
              skip(";");
              break;
            case "required":
            case "repeated":
              parseField(type, token2, void 0, depth + 1);
              break;
            case "optional":
              if (edition === "proto3") {
                parseField(type, "proto3_optional", void 0, depth + 1);
              } else {
                parseField(type, "optional", void 0, depth + 1);
              }
              break;
            case "message":
              parseType(type, token2, depth + 1);
              break;
            case "enum":
              parseEnum(type, token2);
              break;
            case "reserved":
              readRanges(type.reserved || (type.reserved = []), true);
              break;
            case "export":
            case "local":
              if (edition < "2024") {
                throw illegal(token2);
              }
              token2 = next();
              switch (token2) {
                case "message":
                  parseType(type, token2, depth + 1);
                  break;
                case "enum":
                  parseType(type, token2, depth + 1);
                  break;
                default:
                  throw illegal(token2);
              }
              break;
            /* istanbul ignore next */
            default:
              throw illegal(token2);
          }
        }, "parseGroup_block"));
        parent.add(type).add(field);
        if (parent === ptr) {
          topLevelObjects.push(type);
          topLevelObjects.push(field);
        }
      }
      __name(parseGroup, "parseGroup");
      function parseMapField(parent) {
        skip("<");
        var keyType = next();
        if (types.mapKey[keyType] === void 0)
          throw illegal(keyType, "type");
        skip(",");
        var valueType = next();
        if (!typeRefRe.test(valueType))
          throw illegal(valueType, "type");
        skip(">");
        var name = next();
        if (name === null || !nameRe.test(name))
          throw illegal(name, "name");
        skip("=");
        var protoName = name;
        name = applyCase(name);
        var field = new MapField(name, parseId(next()), keyType, valueType);
        if (protoName !== name)
          field.protoName = protoName;
        ifBlock(field, /* @__PURE__ */ __name(function parseMapField_block(token2) {
          if (token2 === "option") {
            parseOption(field, token2);
            skip(";");
          } else
            throw illegal(token2);
        }, "parseMapField_block"), /* @__PURE__ */ __name(function parseMapField_line() {
          parseInlineOptions(field);
        }, "parseMapField_line"));
        parent.add(field);
      }
      __name(parseMapField, "parseMapField");
      function parseOneOf(parent, token2, depth) {
        if ((token2 = next()) === null || !nameRe.test(token2))
          throw illegal(token2, "name");
        var oneof = new OneOf(applyCase(token2));
        ifBlock(oneof, /* @__PURE__ */ __name(function parseOneOf_block(token3) {
          if (token3 === "option") {
            parseOption(oneof, token3);
            skip(";");
          } else {
            push(token3);
            parseField(oneof, "optional", void 0, depth);
          }
        }, "parseOneOf_block"));
        parent.add(oneof);
      }
      __name(parseOneOf, "parseOneOf");
      function parseEnum(parent, token2) {
        if ((token2 = next()) === null || !nameRe.test(token2))
          throw illegal(token2, "name");
        var enm = new Enum(token2), values = [];
        ifBlock(enm, /* @__PURE__ */ __name(function parseEnum_block(token3) {
          switch (token3) {
            case ";":
              break;
            case "option":
              parseOption(enm, token3);
              skip(";");
              break;
            case "reserved":
              readRanges(enm.reserved || (enm.reserved = []), true, maxEnumId, true);
              if (enm.reserved === void 0) enm.reserved = [];
              break;
            default:
              values.push(parseEnumValue(token3));
          }
        }, "parseEnum_block"));
        for (var i = 0; i < values.length; ++i)
          enm.add(values[i].name, values[i].id, values[i].comment, values[i].options);
        parent.add(enm);
        if (parent === ptr) {
          topLevelObjects.push(enm);
        }
        return enm;
      }
      __name(parseEnum, "parseEnum");
      function parseEnumValue(token2) {
        if (!nameRe.test(token2))
          throw illegal(token2, "name");
        skip("=");
        var value = parseId(next(), true), dummy = {
          options: void 0
        };
        dummy.getOption = function(name) {
          return this.options[name];
        };
        dummy.setOption = function(name, value2) {
          ReflectionObject.prototype.setOption.call(dummy, name, value2);
        };
        dummy.setParsedOption = function() {
          return void 0;
        };
        ifBlock(dummy, /* @__PURE__ */ __name(function parseEnumValue_block(token3) {
          if (token3 === "option") {
            parseOption(dummy, token3);
            skip(";");
          } else
            throw illegal(token3);
        }, "parseEnumValue_block"), /* @__PURE__ */ __name(function parseEnumValue_line() {
          parseInlineOptions(dummy);
        }, "parseEnumValue_line"));
        return {
          name: token2,
          id: value,
          comment: dummy.comment,
          options: dummy.parsedOptions || dummy.options
        };
      }
      __name(parseEnumValue, "parseEnumValue");
      function parseOption(parent, token2) {
        var option;
        var propName;
        var isOption = true;
        if (token2 === "option") {
          token2 = next();
        }
        while (token2 !== "=") {
          if (token2 === null) {
            throw illegal(token2, "end of input");
          }
          if (token2 === "(") {
            var parensValue = next();
            skip(")");
            token2 = "(" + parensValue + ")";
          }
          if (isOption) {
            isOption = false;
            if (token2.includes(".") && !token2.includes("(")) {
              var tokens = token2.split(".");
              option = tokens[0] + ".";
              token2 = tokens[1];
              continue;
            }
            option = token2;
          } else {
            propName = propName ? propName += token2 : token2;
          }
          token2 = next();
        }
        var name = propName ? option.concat(propName) : option;
        var optionValue = parseOptionValue(parent, name);
        propName = propName && propName[0] === "." ? propName.slice(1) : propName;
        option = option && option[option.length - 1] === "." ? option.slice(0, -1) : option;
        setParsedOption(parent, option, optionValue, propName);
      }
      __name(parseOption, "parseOption");
      function parseOptionValue(parent, name, depth) {
        if (depth === void 0)
          depth = 0;
        if (depth > util.recursionLimit)
          throw Error("max depth exceeded");
        if (skip("{", true)) {
          var objectResult = {};
          while (!skip("}", true)) {
            token = next();
            var propName;
            if (token === null)
              throw illegal(token, "end of input");
            if (token === "[") {
              token = next();
              var slash = token === null ? -1 : token.lastIndexOf("/");
              if (token === null || !typeRefRe.test(slash < 0 ? token : token.slice(slash + 1)))
                throw illegal(token, "name");
              propName = "[" + token + "]";
              skip("]");
            } else {
              if (!nameRe.test(token)) {
                throw illegal(token, "name");
              }
              propName = token;
            }
            var value;
            skip(":", true);
            if (peek2() === "{") {
              value = parseOptionValue(parent, name + "." + propName, depth + 1);
            } else if (peek2() === "[") {
              value = [];
              var lastValue, lastValueIsAggregate;
              if (skip("[", true)) {
                if (!skip("]", true)) {
                  do {
                    lastValueIsAggregate = peek2() === "{";
                    lastValue = lastValueIsAggregate ? parseOptionValue(parent, name + "." + propName, depth + 1) : readValue(true);
                    value.push(lastValue);
                  } while (skip(",", true));
                  skip("]");
                  if (typeof lastValue !== "undefined") {
                    if (!lastValueIsAggregate)
                      setOption(parent, name + "." + propName, lastValue);
                  }
                }
              }
            } else {
              value = readValue(true);
              setOption(parent, name + "." + propName, value);
            }
            var prevValue = Object.prototype.hasOwnProperty.call(objectResult, propName) ? objectResult[propName] : void 0;
            if (prevValue)
              value = [].concat(prevValue).concat(value);
            if (propName !== "__proto__")
              objectResult[propName] = value;
            skip(",", true);
            skip(";", true);
          }
          return objectResult;
        }
        var simpleValue = name === "default" && parent instanceof Field && integerTypeRe.test(parent.type) ? parseInteger(next(), !unsignedTypeRe.test(parent.type)) : readValue(true);
        setOption(parent, name, simpleValue);
        return simpleValue;
      }
      __name(parseOptionValue, "parseOptionValue");
      function setOption(parent, name, value) {
        if (ptr === parent && /^features\./.test(name)) {
          topLevelOptions[name] = value;
          return;
        }
        if (name === "json_name" && parent instanceof Field) {
          parent.jsonName = value;
        }
        if (parent.setOption)
          parent.setOption(name, value);
      }
      __name(setOption, "setOption");
      function setParsedOption(parent, name, value, propName) {
        if (parent.setParsedOption)
          parent.setParsedOption(name, value, propName);
      }
      __name(setParsedOption, "setParsedOption");
      function parseInlineOptions(parent) {
        if (skip("[", true)) {
          do {
            parseOption(parent, "option");
          } while (skip(",", true));
          skip("]");
        }
        return parent;
      }
      __name(parseInlineOptions, "parseInlineOptions");
      function parseService(parent, token2, depth) {
        if (depth === void 0)
          depth = 0;
        if (depth > util.recursionLimit)
          throw Error("max depth exceeded");
        if ((token2 = next()) === null || !nameRe.test(token2))
          throw illegal(token2, "service name");
        var service = new Service(token2);
        ifBlock(service, /* @__PURE__ */ __name(function parseService_block(token3) {
          if (parseCommon(service, token3, depth)) {
            return;
          }
          if (token3 === ";")
            return;
          if (token3 === "rpc")
            parseMethod(service, token3);
          else
            throw illegal(token3);
        }, "parseService_block"));
        parent.add(service);
        if (parent === ptr) {
          topLevelObjects.push(service);
        }
      }
      __name(parseService, "parseService");
      function parseMethod(parent, token2) {
        var commentText = cmnt();
        var type = token2;
        if (!nameRe.test(token2 = next()))
          throw illegal(token2, "name");
        var name = token2, requestType, requestStream, responseType, responseStream;
        skip("(");
        if (skip("stream", true))
          requestStream = true;
        if (!typeRefRe.test(token2 = next()))
          throw illegal(token2);
        requestType = token2;
        skip(")");
        skip("returns");
        skip("(");
        if (skip("stream", true))
          responseStream = true;
        if (!typeRefRe.test(token2 = next()))
          throw illegal(token2);
        responseType = token2;
        skip(")");
        var method = new Method(name, type, requestType, responseType, requestStream, responseStream);
        method.comment = commentText;
        ifBlock(method, /* @__PURE__ */ __name(function parseMethod_block(token3) {
          if (token3 === ";")
            return;
          if (token3 === "option") {
            parseOption(method, token3);
            skip(";");
          } else
            throw illegal(token3);
        }, "parseMethod_block"));
        parent.add(method);
      }
      __name(parseMethod, "parseMethod");
      function parseExtension(parent, token2, depth) {
        if ((token2 = next()) === null || !typeRefRe.test(token2))
          throw illegal(token2, "reference");
        var reference = token2;
        ifBlock(null, /* @__PURE__ */ __name(function parseExtension_block(token3) {
          switch (token3) {
            case "required":
            case "repeated":
              parseField(parent, token3, reference, depth + 1);
              break;
            case "optional":
              if (edition === "proto3") {
                parseField(parent, "proto3_optional", reference, depth + 1);
              } else {
                parseField(parent, "optional", reference, depth + 1);
              }
              break;
            default:
              if (edition === "proto2" || !typeRefRe.test(token3))
                throw illegal(token3);
              push(token3);
              parseField(parent, "optional", reference, depth + 1);
              break;
          }
        }, "parseExtension_block"));
      }
      __name(parseExtension, "parseExtension");
      var token;
      while ((token = next()) !== null) {
        switch (token) {
          case ";":
            break;
          case "package":
            if (!head)
              throw illegal(token);
            parsePackage();
            break;
          case "import":
            parseImport();
            break;
          case "syntax":
            if (!head)
              throw illegal(token);
            parseSyntax();
            break;
          case "edition":
            if (!head)
              throw illegal(token);
            parseEdition();
            break;
          case "option":
            parseOption(ptr, token);
            skip(";", true);
            break;
          default:
            if (parseCommon(ptr, token, 0)) {
              head = false;
              continue;
            }
            throw illegal(token);
        }
      }
      resolveFileFeatures();
      parse.filename = null;
      return {
        "package": pkg,
        "imports": imports,
        weakImports,
        root
      };
    }
    __name(parse, "parse");
  }
});

// node_modules/protobufjs/src/common.js
var require_common = __commonJS({
  "node_modules/protobufjs/src/common.js"(exports, module) {
    "use strict";
    module.exports = common;
    var commonRe = /\/|\./;
    function common(name, json) {
      if (!commonRe.test(name)) {
        name = "google/protobuf/" + name + ".proto";
        json = { nested: { google: { nested: { protobuf: { nested: json } } } } };
      }
      common[name] = json;
    }
    __name(common, "common");
    common("any", {
      /**
       * Properties of a google.protobuf.Any message.
       * @interface IAny
       * @type {Object}
       * @property {string} [typeUrl]
       * @property {Uint8Array} [bytes]
       * @memberof common
       */
      Any: {
        fields: {
          type_url: {
            type: "string",
            id: 1
          },
          value: {
            type: "bytes",
            id: 2
          }
        }
      }
    });
    var timeType;
    common("duration", {
      /**
       * Properties of a google.protobuf.Duration message.
       * @interface IDuration
       * @type {Object}
       * @property {number|Long} [seconds]
       * @property {number} [nanos]
       * @memberof common
       */
      Duration: timeType = {
        fields: {
          seconds: {
            type: "int64",
            id: 1
          },
          nanos: {
            type: "int32",
            id: 2
          }
        }
      }
    });
    common("timestamp", {
      /**
       * Properties of a google.protobuf.Timestamp message.
       * @interface ITimestamp
       * @type {Object}
       * @property {number|Long} [seconds]
       * @property {number} [nanos]
       * @memberof common
       */
      Timestamp: timeType
    });
    common("empty", {
      /**
       * Properties of a google.protobuf.Empty message.
       * @interface IEmpty
       * @memberof common
       */
      Empty: {
        fields: {}
      }
    });
    common("struct", {
      /**
       * Properties of a google.protobuf.Struct message.
       * @interface IStruct
       * @type {Object}
       * @property {Object.<string,IValue>} [fields]
       * @memberof common
       */
      Struct: {
        fields: {
          fields: {
            keyType: "string",
            type: "Value",
            id: 1
          }
        }
      },
      /**
       * Properties of a google.protobuf.Value message.
       * @interface IValue
       * @type {Object}
       * @property {string} [kind]
       * @property {0} [nullValue]
       * @property {number} [numberValue]
       * @property {string} [stringValue]
       * @property {boolean} [boolValue]
       * @property {IStruct} [structValue]
       * @property {IListValue} [listValue]
       * @memberof common
       */
      Value: {
        oneofs: {
          kind: {
            oneof: [
              "nullValue",
              "numberValue",
              "stringValue",
              "boolValue",
              "structValue",
              "listValue"
            ]
          }
        },
        fields: {
          nullValue: {
            type: "NullValue",
            id: 1,
            protoName: "null_value"
          },
          numberValue: {
            type: "double",
            id: 2,
            protoName: "number_value"
          },
          stringValue: {
            type: "string",
            id: 3,
            protoName: "string_value"
          },
          boolValue: {
            type: "bool",
            id: 4,
            protoName: "bool_value"
          },
          structValue: {
            type: "Struct",
            id: 5,
            protoName: "struct_value"
          },
          listValue: {
            type: "ListValue",
            id: 6,
            protoName: "list_value"
          }
        }
      },
      NullValue: {
        values: {
          NULL_VALUE: 0
        }
      },
      /**
       * Properties of a google.protobuf.ListValue message.
       * @interface IListValue
       * @type {Object}
       * @property {Array.<IValue>} [values]
       * @memberof common
       */
      ListValue: {
        fields: {
          values: {
            rule: "repeated",
            type: "Value",
            id: 1
          }
        }
      }
    });
    common("wrappers", {
      /**
       * Properties of a google.protobuf.DoubleValue message.
       * @interface IDoubleValue
       * @type {Object}
       * @property {number} [value]
       * @memberof common
       */
      DoubleValue: {
        fields: {
          value: {
            type: "double",
            id: 1
          }
        }
      },
      /**
       * Properties of a google.protobuf.FloatValue message.
       * @interface IFloatValue
       * @type {Object}
       * @property {number} [value]
       * @memberof common
       */
      FloatValue: {
        fields: {
          value: {
            type: "float",
            id: 1
          }
        }
      },
      /**
       * Properties of a google.protobuf.Int64Value message.
       * @interface IInt64Value
       * @type {Object}
       * @property {number|Long} [value]
       * @memberof common
       */
      Int64Value: {
        fields: {
          value: {
            type: "int64",
            id: 1
          }
        }
      },
      /**
       * Properties of a google.protobuf.UInt64Value message.
       * @interface IUInt64Value
       * @type {Object}
       * @property {number|Long} [value]
       * @memberof common
       */
      UInt64Value: {
        fields: {
          value: {
            type: "uint64",
            id: 1
          }
        }
      },
      /**
       * Properties of a google.protobuf.Int32Value message.
       * @interface IInt32Value
       * @type {Object}
       * @property {number} [value]
       * @memberof common
       */
      Int32Value: {
        fields: {
          value: {
            type: "int32",
            id: 1
          }
        }
      },
      /**
       * Properties of a google.protobuf.UInt32Value message.
       * @interface IUInt32Value
       * @type {Object}
       * @property {number} [value]
       * @memberof common
       */
      UInt32Value: {
        fields: {
          value: {
            type: "uint32",
            id: 1
          }
        }
      },
      /**
       * Properties of a google.protobuf.BoolValue message.
       * @interface IBoolValue
       * @type {Object}
       * @property {boolean} [value]
       * @memberof common
       */
      BoolValue: {
        fields: {
          value: {
            type: "bool",
            id: 1
          }
        }
      },
      /**
       * Properties of a google.protobuf.StringValue message.
       * @interface IStringValue
       * @type {Object}
       * @property {string} [value]
       * @memberof common
       */
      StringValue: {
        fields: {
          value: {
            type: "string",
            id: 1
          }
        }
      },
      /**
       * Properties of a google.protobuf.BytesValue message.
       * @interface IBytesValue
       * @type {Object}
       * @property {Uint8Array} [value]
       * @memberof common
       */
      BytesValue: {
        fields: {
          value: {
            type: "bytes",
            id: 1
          }
        }
      }
    });
    common("field_mask", {
      /**
       * Properties of a google.protobuf.FieldMask message.
       * @interface IFieldMask
       * @type {Object}
       * @property {string[]} [paths]
       * @memberof common
       */
      FieldMask: {
        fields: {
          paths: {
            rule: "repeated",
            type: "string",
            id: 1
          }
        }
      }
    });
    common.get = /* @__PURE__ */ __name(function get(file) {
      return common[file] || null;
    }, "get");
  }
});

// node_modules/protobufjs/src/index.js
var require_src = __commonJS({
  "node_modules/protobufjs/src/index.js"(exports, module) {
    "use strict";
    exports = module.exports = require_index_light();
    exports.build = "full";
    exports.tokenize = require_tokenize();
    exports.parse = require_parse();
    exports.common = require_common();
    exports.Root._configure(exports.Type, exports.parse, exports.common);
  }
});

// node_modules/protobufjs/index.js
var require_protobufjs = __commonJS({
  "node_modules/protobufjs/index.js"(exports, module) {
    "use strict";
    module.exports = require_src();
  }
});

// packages/sbom/src/catalogers/os-release.ts
var PATHS = ["etc/os-release", "usr/lib/os-release"];
function parseOsRelease(text) {
  const out = /* @__PURE__ */ new Map();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2] ?? "";
    if (v.startsWith('"') && v.endsWith('"') || v.startsWith("'") && v.endsWith("'")) v = v.slice(1, -1).replace(/\\(["'$`\\])/g, "$1");
    out.set(m[1] ?? "", v);
  }
  return out;
}
__name(parseOsRelease, "parseOsRelease");
function distroOf(ctx) {
  for (const p of PATHS) {
    const f = ctx.file("os-release", p);
    if (!(f?.result instanceof Buffer)) continue;
    const kv = parseOsRelease(f.result.toString("utf8"));
    const id = kv.get("ID");
    if (!id) continue;
    const distro = { id };
    const versionId = kv.get("VERSION_ID");
    const codename = kv.get("VERSION_CODENAME");
    const pretty = kv.get("PRETTY_NAME");
    if (versionId) distro.versionId = versionId;
    if (codename) distro.versionCodename = codename;
    if (pretty) distro.prettyName = pretty;
    return { distro, path: p, layerDigest: f.layerDigest };
  }
  return void 0;
}
__name(distroOf, "distroOf");
function distroQualifier(d) {
  if (!d) return void 0;
  return d.versionId ? `${d.id}-${d.versionId}` : d.id;
}
__name(distroQualifier, "distroQualifier");
var osReleaseCataloger = {
  name: "os-release",
  open(info, buffer) {
    return PATHS.includes(info.path) ? buffer() : void 0;
  },
  catalog(ctx) {
    const found = distroOf(ctx);
    if (!found) return [];
    const { distro } = found;
    const props = {};
    if (distro.prettyName) props["stella:os:pretty-name"] = distro.prettyName;
    if (distro.versionCodename) props["stella:os:codename"] = distro.versionCodename;
    return [
      {
        ecosystem: "os",
        type: "operating-system",
        name: distro.id,
        version: distro.versionId ?? "",
        layerDigest: found.layerDigest,
        sourcePath: found.path,
        properties: props
      }
    ];
  }
};

// packages/sbom/src/catalog.ts
function compareComponents(a, b) {
  return a.ecosystem.localeCompare(b.ecosystem) || a.name.localeCompare(b.name) || a.version.localeCompare(b.version) || a.sourcePath.localeCompare(b.sourcePath) || (a.purl ?? "").localeCompare(b.purl ?? "");
}
__name(compareComponents, "compareComponents");
async function runCatalogers(walk, catalogers) {
  const warnings = [...walk.warnings];
  const ctx = {
    files: /* @__PURE__ */ __name((name) => [...walk.collected.get(name)?.values() ?? []].sort((a, b) => a.path.localeCompare(b.path)), "files"),
    file: /* @__PURE__ */ __name((name, path) => walk.collected.get(name)?.get(path), "file"),
    warn: /* @__PURE__ */ __name((where, message) => warnings.push({ where, message }), "warn")
  };
  const distro = distroOf(ctx)?.distro;
  if (distro) ctx.distro = distro;
  const seen = /* @__PURE__ */ new Set();
  const components = [];
  for (const c of catalogers) {
    for (const comp of await c.catalog(ctx)) {
      const key = `${comp.ecosystem}\0${comp.purl ?? comp.name}\0${comp.version}\0${comp.sourcePath}`;
      if (seen.has(key)) continue;
      seen.add(key);
      components.push(comp);
    }
  }
  components.sort(compareComponents);
  warnings.sort((a, b) => a.where.localeCompare(b.where) || a.message.localeCompare(b.message));
  return { components, warnings, ...distro ? { distro } : {} };
}
__name(runCatalogers, "runCatalogers");

// packages/sbom/src/licenses.ts
var import_SPDX = __toESM(require_spdx(), 1);
var DEBIAN_TO_SPDX = {
  "gpl-1": "GPL-1.0-only",
  "gpl-1+": "GPL-1.0-or-later",
  "gpl-2": "GPL-2.0-only",
  "gpl-2+": "GPL-2.0-or-later",
  "gpl-3": "GPL-3.0-only",
  "gpl-3+": "GPL-3.0-or-later",
  "lgpl-2": "LGPL-2.0-only",
  "lgpl-2+": "LGPL-2.0-or-later",
  "lgpl-2.1": "LGPL-2.1-only",
  "lgpl-2.1+": "LGPL-2.1-or-later",
  "lgpl-3": "LGPL-3.0-only",
  "lgpl-3+": "LGPL-3.0-or-later",
  "agpl-3": "AGPL-3.0-only",
  "agpl-3+": "AGPL-3.0-or-later",
  "gfdl-1.2+": "GFDL-1.2-or-later",
  "gfdl-1.3+": "GFDL-1.3-or-later",
  "apache-2.0": "Apache-2.0",
  "apache-2": "Apache-2.0",
  "artistic": "Artistic-1.0-Perl",
  "artistic-2.0": "Artistic-2.0",
  "bsd-2-clause": "BSD-2-Clause",
  "bsd-3-clause": "BSD-3-Clause",
  "bsd-4-clause": "BSD-4-Clause",
  "expat": "MIT",
  "mit": "MIT",
  "isc": "ISC",
  "zlib": "Zlib",
  "mpl-1.1": "MPL-1.1",
  "mpl-2.0": "MPL-2.0",
  "public-domain": "LicenseRef-public-domain",
  "cc0-1.0": "CC0-1.0",
  "cc0": "CC0-1.0",
  "psf-2": "PSF-2.0",
  "python-2.0": "Python-2.0",
  "openssl": "OpenSSL",
  "curl": "curl",
  "x11": "X11",
  "unicode-dfs-2016": "Unicode-DFS-2016",
  "bsl-1.0": "BSL-1.0",
  "0bsd": "0BSD",
  "unlicense": "Unlicense",
  "wtfpl": "WTFPL",
  "blueoak-1.0.0": "BlueOak-1.0.0",
  "cc-by-4.0": "CC-BY-4.0",
  "cc-by-3.0": "CC-BY-3.0",
  "epl-2.0": "EPL-2.0"
};
function licenseRef(name) {
  return `LicenseRef-${name.replace(/\+/g, "-plus").replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "unknown"}`;
}
__name(licenseRef, "licenseRef");
function toSpdxId(name) {
  const n = name.trim();
  const known = DEBIAN_TO_SPDX[n.toLowerCase()];
  if (known) return known;
  if (n.startsWith("LicenseRef-")) return licenseRef(n.slice("LicenseRef-".length));
  return (0, import_SPDX.fixupSpdxId)(n) ?? licenseRef(n);
}
__name(toSpdxId, "toSpdxId");
function toSpdxExpression(text) {
  if (!text) return void 0;
  const t = text.trim();
  if (t === "" || /^(unknown|none|UNKNOWN|NOASSERTION)$/.test(t)) return void 0;
  const words = t.replace(/(\S+)\s+with\s+([^()]+?)\s+exception\b/gi, (_m, lic, exc) => licenseRef(`${lic}-with-${exc}-exception`));
  const balanced = [...words].filter((c) => c === "(").length === [...words].filter((c) => c === ")").length;
  const tokens = (balanced ? words : words.replace(/[()]/g, " ")).replace(/[()]/g, (p) => ` ${p} `).split(/\s+/).filter(Boolean);
  const out = [];
  for (const tok of tokens) {
    const up = tok.toUpperCase();
    if (tok === "(" || tok === ")") out.push(tok);
    else if (up === "OR" || tok === "|") out.push("OR");
    else if (up === "AND" || tok === "&" || tok === ",") out.push("AND");
    else if (up === "WITH") out.push("AND");
    else out.push(toSpdxId(tok.replace(/,$/, "")));
  }
  const joined = [];
  for (const tok of out) {
    const prev = joined[joined.length - 1];
    const isOp = /* @__PURE__ */ __name((x) => x === "OR" || x === "AND" || x === "WITH" || x === "(" || x === ")", "isOp");
    if (prev !== void 0 && !isOp(prev) && !isOp(tok)) joined.push("AND");
    if (prev === ")" && tok === "(") joined.push("AND");
    joined.push(tok);
  }
  while (joined.length && ["OR", "AND", "WITH"].includes(joined[joined.length - 1] ?? "")) joined.pop();
  while (joined.length && ["OR", "AND", "WITH"].includes(joined[0] ?? "")) joined.shift();
  return joined.join(" ").replace(/\( /g, "(").replace(/ \)/g, ")") || void 0;
}
__name(toSpdxExpression, "toSpdxExpression");
function andAll(exprs) {
  const set = [...new Set(exprs)].sort();
  if (set.length === 0) return void 0;
  return set.map((e) => set.length > 1 && / (OR|AND) /.test(e) ? `(${e})` : e).join(" AND ");
}
__name(andAll, "andAll");

// packages/sbom/src/purl.ts
var import_packageurl_js = __toESM(require_packageurl_js(), 1);
function purl(type, namespace, name, version, qualifiers) {
  const q = {};
  for (const [k, v] of Object.entries(qualifiers ?? {}).sort(([a], [b]) => a.localeCompare(b))) if (v) q[k] = v;
  try {
    return new import_packageurl_js.PackageURL(type, namespace ?? null, name, version || null, Object.keys(q).length ? q : null, null).toString();
  } catch {
    return void 0;
  }
}
__name(purl, "purl");

// packages/sbom/src/stanzas.ts
function parseStanzas(text, opts = {}) {
  const sep = opts.separator ?? /^([A-Za-z0-9][A-Za-z0-9_.-]*):[ \t]?(.*)$/;
  const out = [];
  let cur;
  let last;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    if (line.trim() === "") {
      if (cur && opts.stopAtFirstBlank) break;
      cur = void 0;
      last = void 0;
      continue;
    }
    if (!cur) {
      cur = { line: i + 1, fields: /* @__PURE__ */ new Map(), bad: [] };
      out.push(cur);
    }
    if ((line.startsWith(" ") || line.startsWith("	")) && last !== void 0) {
      cur.fields.set(last, `${cur.fields.get(last) ?? ""}
${line.slice(1)}`);
      continue;
    }
    const m = sep.exec(line);
    if (!m) {
      cur.bad.push(i + 1);
      continue;
    }
    last = m[1] ?? "";
    if (!cur.fields.has(last)) cur.fields.set(last, (m[2] ?? "").trim());
  }
  return out;
}
__name(parseStanzas, "parseStanzas");

// packages/sbom/src/catalogers/apk.ts
var INSTALLED = "lib/apk/db/installed";
var apkCataloger = {
  name: "apk",
  open(info, buffer) {
    return info.path === INSTALLED ? buffer() : void 0;
  },
  catalog(ctx) {
    const out = [];
    for (const f of ctx.files("apk")) {
      if (!(f.result instanceof Buffer)) continue;
      for (const st of parseStanzas(f.result.toString("utf8"), { separator: /^([A-Za-z]):(.*)$/ })) {
        const name = st.fields.get("P");
        const version = st.fields.get("V");
        if (!name || !version) {
          ctx.warn(`${f.path}:${st.line}`, "entry without P: or V:; skipped");
          continue;
        }
        const arch = st.fields.get("A");
        const origin = st.fields.get("o");
        const license = toSpdxExpression(st.fields.get("L"));
        out.push({
          ecosystem: "apk",
          type: "library",
          name,
          version,
          purl: purl("apk", ctx.distro?.id ?? "alpine", name, version, { arch, distro: distroQualifier(ctx.distro), upstream: origin }),
          ...license ? { license } : {},
          layerDigest: f.layerDigest,
          sourcePath: f.path,
          properties: origin ? { "stella:apk:origin": origin } : {}
        });
      }
    }
    return out;
  }
};

// packages/sbom/src/catalogers/dpkg.ts
var STATUS = "var/lib/dpkg/status";
var STATUS_D = /^var\/lib\/dpkg\/status\.d\/[^/]+$/;
var COPYRIGHT = /^usr\/share\/doc\/([^/]+)\/copyright$/;
function isStatusFile(path) {
  return path === STATUS || STATUS_D.test(path) && !path.endsWith(".md5sums");
}
__name(isStatusFile, "isStatusFile");
function copyrightLicense(text) {
  if (!/^Format:\s*\S/m.test(text)) return void 0;
  const found = [];
  for (const m of text.matchAll(/^License:[ \t]*(\S[^\n]*)$/gm)) {
    const expr = toSpdxExpression((m[1] ?? "").trim());
    if (expr) found.push(expr);
  }
  return andAll(found);
}
__name(copyrightLicense, "copyrightLicense");
var dpkgCataloger = {
  name: "dpkg",
  open(info, buffer) {
    if (isStatusFile(info.path) || COPYRIGHT.test(info.path)) return buffer();
    return void 0;
  },
  catalog(ctx) {
    const out = [];
    const distro = distroQualifier(ctx.distro);
    const files = ctx.files("dpkg").filter((f) => isStatusFile(f.path));
    for (const f of files) {
      if (!(f.result instanceof Buffer)) continue;
      for (const st of parseStanzas(f.result.toString("utf8"))) {
        for (const line of st.bad) ctx.warn(`${f.path}:${line}`, "not a `Field: value` line nor a continuation; line ignored");
        const name = st.fields.get("Package");
        const version = st.fields.get("Version");
        const status = st.fields.get("Status") ?? "install ok installed";
        if (!name || !version) {
          ctx.warn(`${f.path}:${st.line}`, `stanza without ${name ? "Version" : "Package"}; skipped`);
          continue;
        }
        if (/\bnot-installed$/.test(status)) continue;
        const arch = st.fields.get("Architecture");
        const source = st.fields.get("Source");
        const copyright = ctx.file("dpkg", `usr/share/doc/${name}/copyright`);
        const license = copyright?.result instanceof Buffer ? copyrightLicense(copyright.result.toString("utf8")) : void 0;
        const props = {};
        if (source) props["stella:dpkg:source"] = source;
        if (arch) props["stella:dpkg:architecture"] = arch;
        if (!status.endsWith(" installed")) props["stella:dpkg:status"] = status;
        out.push({
          ecosystem: "dpkg",
          type: "library",
          name,
          version,
          purl: purl("deb", ctx.distro?.id ?? "debian", name, version, { arch, distro, upstream: source?.split(" ")[0] }),
          ...license ? { license } : {},
          layerDigest: f.layerDigest,
          sourcePath: f.path,
          properties: props
        });
      }
    }
    return out;
  }
};

// packages/sbom/src/catalogers/go-buildinfo.ts
var BUILDINFO_MAGIC = Buffer.from("\xFF Go buildinf:", "latin1");
function uvarint(buf, at) {
  let x = 0;
  let s = 1;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const b = buf[i] ?? 0;
    x += (b & 127) * s;
    if (b < 128) return [x, i + 1];
    s *= 128;
  }
  return void 0;
}
__name(uvarint, "uvarint");
function parseBuildInfo(buf) {
  if (buf.length < 32 || !buf.subarray(0, BUILDINFO_MAGIC.length).equals(BUILDINFO_MAGIC)) return void 0;
  const flags = buf[15] ?? 0;
  if ((flags & 2) === 0) return "old-format";
  const a = uvarint(buf, 32);
  if (!a) return void 0;
  const goVersion = buf.subarray(a[1], a[1] + a[0]).toString("utf8");
  const b = uvarint(buf, a[1] + a[0]);
  if (!b || b[1] + b[0] > buf.length) return void 0;
  let mod = buf.subarray(b[1], b[1] + b[0]).toString("utf8");
  if (mod.length >= 33 && mod[mod.length - 17] === "\n") mod = mod.slice(16, -16);
  return parseModInfo(goVersion, mod);
}
__name(parseBuildInfo, "parseBuildInfo");
function parseModInfo(goVersion, text) {
  const info = { goVersion, deps: [], settings: {} };
  let last;
  for (const line of text.split("\n")) {
    const f = line.split("	");
    switch (f[0]) {
      case "path":
        if (f[1]) info.path = f[1];
        break;
      case "mod":
        last = { path: f[1] ?? "", version: f[2] ?? "", ...f[3] ? { sum: f[3] } : {} };
        info.main = last;
        break;
      case "dep":
        last = { path: f[1] ?? "", version: f[2] ?? "", ...f[3] ? { sum: f[3] } : {} };
        info.deps.push(last);
        break;
      case "=>":
        if (last) last.replace = { path: f[1] ?? "", version: f[2] ?? "" };
        break;
      case "build": {
        const kv = f.slice(1).join("	");
        const eq = kv.indexOf("=");
        if (eq > 0) info.settings[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
    }
  }
  return info;
}
__name(parseModInfo, "parseModInfo");
var BuildInfoScanner = class {
  constructor(captureBytes = 1 << 20) {
    this.captureBytes = captureBytes;
  }
  captureBytes;
  static {
    __name(this, "BuildInfoScanner");
  }
  tail = Buffer.alloc(0);
  captured;
  capturedBytes = 0;
  checkedElf = false;
  notElf = false;
  write(chunk) {
    if (this.notElf) return;
    if (!this.checkedElf) {
      this.checkedElf = true;
      if (chunk.length < 4 || chunk[0] !== 127 || chunk.toString("latin1", 1, 4) !== "ELF") {
        this.notElf = true;
        return;
      }
    }
    if (this.captured) {
      if (this.capturedBytes < this.captureBytes) {
        this.captured.push(chunk);
        this.capturedBytes += chunk.length;
      }
      return;
    }
    const hay = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const at = hay.indexOf(BUILDINFO_MAGIC);
    if (at >= 0) {
      const rest = hay.subarray(at);
      this.captured = [Buffer.from(rest)];
      this.capturedBytes = rest.length;
      return;
    }
    this.tail = Buffer.from(hay.subarray(Math.max(0, hay.length - BUILDINFO_MAGIC.length + 1)));
  }
  end() {
    if (!this.captured) return void 0;
    return parseBuildInfo(Buffer.concat(this.captured).subarray(0, this.captureBytes));
  }
};

// packages/sbom/src/catalogers/go.ts
function candidate(mode, size) {
  return (mode & 73) !== 0 && size >= 4096;
}
__name(candidate, "candidate");
function isInfo(v) {
  return typeof v === "object" && v !== null && "goVersion" in v && "deps" in v;
}
__name(isInfo, "isInfo");
var goCataloger = {
  name: "go-module",
  open(info) {
    return candidate(info.mode, info.size) ? new BuildInfoScanner() : void 0;
  },
  catalog(ctx) {
    const out = [];
    for (const f of ctx.files("go-module")) {
      if (f.result === "old-format") {
        ctx.warn(f.path, "Go binary built before Go 1.18 (pointer-format build info); modules not read");
        continue;
      }
      if (!isInfo(f.result)) continue;
      const info = f.result;
      const props = { "stella:go:toolchain": info.goVersion, "stella:go:binary": f.path };
      const main = info.main ?? (info.path ? { path: info.path, version: "" } : void 0);
      const stdlib = { path: "stdlib", version: info.goVersion.replace(/^go/, "v") };
      const mods = [...main ? [{ m: main, main: true }] : [], ...info.deps.map((m) => ({ m, main: false })), { m: stdlib, main: false }];
      for (const { m, main: main2 } of mods) {
        const eff = m.replace && m.replace.version ? m.replace : m;
        if (!eff.path) continue;
        const version = eff.version || "(devel)";
        const slash = eff.path.lastIndexOf("/");
        out.push({
          ecosystem: "go-module",
          type: main2 ? "application" : "library",
          name: eff.path,
          version,
          purl: purl("golang", slash > 0 ? eff.path.slice(0, slash) : void 0, slash > 0 ? eff.path.slice(slash + 1) : eff.path, version === "(devel)" ? void 0 : version),
          layerDigest: f.layerDigest,
          sourcePath: f.path,
          properties: { ...props, ...m.sum ? { "stella:go:h1-digest": m.sum } : {}, ...main2 ? { "stella:go:main-module": "true" } : {} }
        });
      }
    }
    return out;
  }
};

// packages/sbom/src/catalogers/zip.ts
import { inflateRawSync } from "node:zlib";
var EOCD = 101010256;
var CEN = 33639248;
var LOC = 67324752;
var ZipError = class extends Error {
  static {
    __name(this, "ZipError");
  }
};
function listZip(buf) {
  const min = Math.max(0, buf.length - 22 - 65535);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError("no end-of-central-directory record (not a zip, or truncated)");
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CEN) throw new ZipError(`central directory entry ${n} is damaged`);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    out.push({
      name: buf.toString("utf8", at + 46, at + 46 + nameLen),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42)
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
__name(listZip, "listZip");
function readZipEntry(buf, e, maxEntryBytes) {
  if (e.size > maxEntryBytes || e.compressedSize === 4294967295) throw new ZipError(`${e.name}: larger than ${maxEntryBytes} bytes (or zip64); skipped`);
  const at = e.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOC) throw new ZipError(`${e.name}: local header is damaged`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (data.length < e.compressedSize) throw new ZipError(`${e.name}: data is truncated`);
  if (e.method === 0) return data;
  if (e.method === 8) return inflateRawSync(data, { maxOutputLength: maxEntryBytes });
  throw new ZipError(`${e.name}: compression method ${e.method} is not supported`);
}
__name(readZipEntry, "readZipEntry");

// packages/sbom/src/catalogers/java.ts
var ARCHIVE = /\.(jar|war|ear|jpi|hpi)$/i;
var POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
var MAX_DEPTH = 3;
var MAX_ENTRY = 16 * 1024 * 1024;
function parseManifest2(text) {
  const out = /* @__PURE__ */ new Map();
  let last;
  for (const raw of text.split(/\r?\n/)) {
    if (raw === "") {
      if (out.size) break;
      continue;
    }
    if (raw.startsWith(" ") && last) {
      out.set(last, (out.get(last) ?? "") + raw.slice(1));
      continue;
    }
    const colon = raw.indexOf(":");
    if (colon <= 0) continue;
    last = raw.slice(0, colon).trim();
    out.set(last, raw.slice(colon + 1).trim());
  }
  return out;
}
__name(parseManifest2, "parseManifest");
function parseProperties(text) {
  const out = /* @__PURE__ */ new Map();
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith("#") || t.startsWith("!")) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(t);
    if (m) out.set(m[1] ?? "", m[2] ?? "");
  }
  return out;
}
__name(parseProperties, "parseProperties");
function scanArchive(buf, location, depth, warn, out) {
  let entries;
  try {
    entries = listZip(buf);
  } catch (e) {
    warn(location, `not a readable Java archive (${e instanceof Error ? e.message : String(e)}); skipped`);
    return;
  }
  const read = /* @__PURE__ */ __name((name) => {
    const e = entries.find((x) => x.name === name);
    if (!e) return void 0;
    try {
      return readZipEntry(buf, e, MAX_ENTRY).toString("utf8");
    } catch (err) {
      warn(`${location}!/${name}`, err instanceof ZipError ? err.message : String(err));
      return void 0;
    }
  }, "read");
  const manifest = parseManifest2(read("META-INF/MANIFEST.MF") ?? "");
  const license = toSpdxExpression(manifest.get("Bundle-License")?.split(/[;,]/)[0]?.replace(/^https?:\/\/\S+$/, ""));
  const poms = entries.filter((e) => POM_PROPERTIES.test(e.name)).sort((a, b) => a.name.localeCompare(b.name));
  for (const p of poms) {
    const props = parseProperties(read(p.name) ?? "");
    const artifact = props.get("artifactId");
    const version = props.get("version");
    if (!artifact || !version) continue;
    const group2 = props.get("groupId");
    out.push({ ...group2 ? { group: group2 } : {}, artifact, version, ...license ? { license } : {}, location, via: p.name });
  }
  if (poms.length === 0) {
    const version = manifest.get("Implementation-Version") ?? manifest.get("Bundle-Version") ?? manifest.get("Specification-Version");
    const stem = location.slice(location.lastIndexOf("/") + 1).replace(ARCHIVE, "");
    const artifact = manifest.get("Bundle-SymbolicName")?.split(";")[0]?.trim() ?? manifest.get("Implementation-Title") ?? stem.replace(/-\d[\w.-]*$/, "");
    const vendorGroup = manifest.get("Implementation-Vendor-Id");
    if (artifact && version) out.push({ ...vendorGroup ? { group: vendorGroup } : {}, artifact, version, ...license ? { license } : {}, location, via: "META-INF/MANIFEST.MF" });
  }
  if (depth >= MAX_DEPTH) return;
  for (const e of entries) {
    if (!ARCHIVE.test(e.name)) continue;
    try {
      scanArchive(Buffer.from(readZipEntry(buf, e, 64 * 1024 * 1024)), `${location}!/${e.name}`, depth + 1, warn, out);
    } catch (err) {
      warn(`${location}!/${e.name}`, err instanceof Error ? err.message : String(err));
    }
  }
}
__name(scanArchive, "scanArchive");
var javaCataloger = {
  name: "java-archive",
  open(info, buffer) {
    return ARCHIVE.test(info.path) ? buffer() : void 0;
  },
  catalog(ctx) {
    const out = [];
    for (const f of ctx.files("java-archive")) {
      if (!(f.result instanceof Buffer)) continue;
      const found = [];
      scanArchive(f.result, f.path, 0, ctx.warn, found);
      for (const j of found) {
        out.push({
          ecosystem: "java-archive",
          type: "library",
          name: j.group ? `${j.group}:${j.artifact}` : j.artifact,
          version: j.version,
          purl: purl("maven", j.group, j.artifact, j.version),
          ...j.license ? { license: j.license } : {},
          layerDigest: f.layerDigest,
          sourcePath: j.location,
          properties: { "stella:java:found-by": j.via }
        });
      }
    }
    return out;
  }
};

// packages/sbom/src/catalogers/npm.ts
var INSTALLED2 = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/;
var LOCK = /(?:^|\/)package-lock\.json$/;
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord, "isRecord");
function str(v) {
  return typeof v === "string" && v !== "" ? v : void 0;
}
__name(str, "str");
function licenseOf(pkg) {
  const l = pkg.license;
  if (typeof l === "string") return toSpdxExpression(l);
  if (isRecord(l)) return toSpdxExpression(str(l.type));
  if (Array.isArray(pkg.licenses)) {
    const types = pkg.licenses.map((x) => isRecord(x) ? str(x.type) : str(x)).filter((x) => !!x);
    return toSpdxExpression(types.join(" OR "));
  }
  return void 0;
}
__name(licenseOf, "licenseOf");
function parseJson(f, warn) {
  if (!(f.result instanceof Buffer)) return void 0;
  try {
    const v = JSON.parse(f.result.toString("utf8"));
    if (isRecord(v)) return v;
  } catch (e) {
    warn(f.path, `not valid JSON (${e instanceof Error ? e.message : String(e)}); skipped`);
    return void 0;
  }
  warn(f.path, "not a JSON object; skipped");
  return void 0;
}
__name(parseJson, "parseJson");
function component(name, version, license, f, via) {
  const slash = name.startsWith("@") ? name.indexOf("/") : -1;
  return {
    ecosystem: "npm",
    type: "library",
    name,
    version,
    purl: purl("npm", slash > 0 ? name.slice(0, slash) : void 0, slash > 0 ? name.slice(slash + 1) : name, version),
    ...license ? { license } : {},
    layerDigest: f.layerDigest,
    sourcePath: f.path,
    properties: { "stella:npm:found-by": via }
  };
}
__name(component, "component");
var npmCataloger = {
  name: "npm",
  open(info, buffer) {
    return INSTALLED2.test(info.path) || LOCK.test(info.path) ? buffer() : void 0;
  },
  catalog(ctx) {
    const out = [];
    const files = ctx.files("npm");
    const installed = /* @__PURE__ */ new Set();
    for (const f of files) {
      if (!INSTALLED2.test(f.path)) continue;
      const pkg = parseJson(f, ctx.warn);
      if (!pkg) continue;
      const name = str(pkg.name);
      const version = str(pkg.version);
      if (!name || !version) continue;
      const dir = f.path.slice(0, -"/package.json".length);
      installed.add(dir.slice(0, dir.indexOf("node_modules/")));
      out.push(component(name, version, licenseOf(pkg), f, "package.json"));
    }
    for (const f of files) {
      if (!LOCK.test(f.path) || f.path.includes("node_modules/")) continue;
      const lock = parseJson(f, ctx.warn);
      if (!lock || !isRecord(lock.packages)) continue;
      const root = f.path.includes("/") ? f.path.slice(0, f.path.lastIndexOf("/") + 1) : "";
      if (installed.has(root)) continue;
      for (const [key, entry] of Object.entries(lock.packages)) {
        if (!key.includes("node_modules/") || !isRecord(entry) || entry.link === true) continue;
        const name = str(entry.name) ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
        const version = str(entry.version);
        if (!version) continue;
        out.push(component(name, version, toSpdxExpression(str(entry.license)), f, "package-lock.json"));
      }
    }
    return out;
  }
};

// packages/sbom/src/catalogers/python.ts
var METADATA = /(?:^|\/)[^/]+\.dist-info\/METADATA$|(?:^|\/)[^/]+\.egg-info\/PKG-INFO$|(?:^|\/)[^/]+\.egg-info$/;
function normalizePyName(name) {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
__name(normalizePyName, "normalizePyName");
var CLASSIFIER = /^License :: OSI Approved :: (.+)$/;
var CLASSIFIER_IDS = {
  "MIT License": "MIT",
  "Apache Software License": "Apache-2.0",
  "BSD License": "BSD-3-Clause",
  "Python Software Foundation License": "PSF-2.0",
  "ISC License (ISCL)": "ISC",
  "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0"
};
var pythonCataloger = {
  name: "python",
  open(info, buffer) {
    return METADATA.test(info.path) ? buffer() : void 0;
  },
  catalog(ctx) {
    const out = [];
    for (const f of ctx.files("python")) {
      if (!(f.result instanceof Buffer)) continue;
      const [head] = parseStanzas(f.result.toString("utf8"), { stopAtFirstBlank: true });
      const name = head?.fields.get("Name");
      const version = head?.fields.get("Version");
      if (!head || !name || !version) {
        ctx.warn(f.path, "no Name/Version header; skipped");
        continue;
      }
      let license = toSpdxExpression(head.fields.get("License-Expression"));
      const raw = head.fields.get("License");
      if (!license && raw && !raw.includes("\n") && raw.length < 64) license = toSpdxExpression(raw);
      if (!license) {
        const text = f.result.toString("utf8");
        for (const m of text.matchAll(/^Classifier: (.+)$/gm)) {
          const c = CLASSIFIER.exec((m[1] ?? "").trim());
          const id = c ? CLASSIFIER_IDS[c[1] ?? ""] : void 0;
          if (id) license = id;
        }
      }
      out.push({
        ecosystem: "python",
        type: "library",
        name,
        version,
        purl: purl("pypi", void 0, normalizePyName(name), version),
        ...license ? { license } : {},
        layerDigest: f.layerDigest,
        sourcePath: f.path
      });
    }
    return out;
  }
};

// packages/sbom/src/catalogers/rpm-header.ts
var RPMTAG = { NAME: 1e3, VERSION: 1001, RELEASE: 1002, EPOCH: 1003, LICENSE: 1014, VENDOR: 1011, ARCH: 1022, SOURCERPM: 1044 };
var TYPE_INT32 = 4;
var TYPE_STRING = 6;
var TYPE_I18NSTRING = 9;
function parseRpmHeader(blob) {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 8) return void 0;
  const il = buf.readUInt32BE(0);
  const dl = buf.readUInt32BE(4);
  const store = 8 + il * 16;
  if (il > 1e5 || store + dl > buf.length) return void 0;
  const strings = /* @__PURE__ */ new Map();
  const ints = /* @__PURE__ */ new Map();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = buf.readUInt32BE(at);
    const type = buf.readUInt32BE(at + 4);
    const offset = buf.readInt32BE(at + 8);
    if (offset < 0 || offset >= dl) continue;
    const p = store + offset;
    if (type === TYPE_STRING || type === TYPE_I18NSTRING) {
      const end = buf.indexOf(0, p);
      strings.set(tag, buf.toString("utf8", p, end < 0 ? store + dl : end));
    } else if (type === TYPE_INT32 && p + 4 <= store + dl) {
      ints.set(tag, buf.readInt32BE(p));
    }
  }
  const name = strings.get(RPMTAG.NAME);
  const version = strings.get(RPMTAG.VERSION);
  if (!name || !version) return void 0;
  const h = { name, version, release: strings.get(RPMTAG.RELEASE) ?? "" };
  const epoch = ints.get(RPMTAG.EPOCH);
  if (epoch !== void 0) h.epoch = epoch;
  for (const [key, tag] of [["arch", RPMTAG.ARCH], ["license", RPMTAG.LICENSE], ["vendor", RPMTAG.VENDOR], ["sourceRpm", RPMTAG.SOURCERPM]]) {
    const v = strings.get(tag);
    if (v) h[key] = v;
  }
  return h;
}
__name(parseRpmHeader, "parseRpmHeader");

// packages/sbom/src/catalogers/rpm.ts
var SQLITE_DB = /^(usr\/lib\/sysimage\/rpm|var\/lib\/rpm)\/rpmdb\.sqlite$/;
var WAL = /^(usr\/lib\/sysimage\/rpm|var\/lib\/rpm)\/rpmdb\.sqlite-wal$/;
var OTHER_DB = /^(usr\/lib\/sysimage\/rpm|var\/lib\/rpm)\/(Packages|Packages\.db)$/;
var rpmCataloger = {
  name: "rpm",
  open(info, buffer) {
    if (WAL.test(info.path)) return { write() {
    }, end: /* @__PURE__ */ __name(() => info.size, "end") };
    return SQLITE_DB.test(info.path) || OTHER_DB.test(info.path) ? buffer() : void 0;
  },
  async catalog(ctx) {
    const out = [];
    for (const f of ctx.files("rpm")) {
      if (WAL.test(f.path)) {
        if (typeof f.result === "number" && f.result > 0) ctx.warn(f.path, `${f.result} bytes of write-ahead log not checkpointed into rpmdb.sqlite (rpm was interrupted?); packages it holds are not listed. Fix: run \`rpm --rebuilddb\` in the image build`);
        continue;
      }
      if (OTHER_DB.test(f.path)) {
        ctx.warn(f.path, "Berkeley DB / ndb rpmdb is not supported (only the SQLite rpmdb of RHEL 9 / Fedora 33+); packages not listed");
        continue;
      }
      if (!(f.result instanceof Buffer)) continue;
      const { default: initSqlJs } = await import("./sql-asm-EXVYPQSM.js");
      const SQL = await initSqlJs();
      let db;
      try {
        db = new SQL.Database(f.result);
        const rows = db.exec("SELECT blob FROM Packages ORDER BY hnum");
        for (const row of rows[0]?.values ?? []) {
          const blob = row[0];
          if (!(blob instanceof Uint8Array)) continue;
          const h = parseRpmHeader(blob);
          if (!h) {
            ctx.warn(f.path, "a package header could not be parsed; skipped");
            continue;
          }
          if (h.name === "gpg-pubkey") continue;
          const epoch = h.epoch === void 0 ? void 0 : String(h.epoch);
          const version = `${epoch === void 0 ? "" : `${epoch}:`}${h.version}-${h.release}`;
          const license = toSpdxExpression(h.license);
          out.push({
            ecosystem: "rpm",
            type: "library",
            name: h.name,
            version,
            purl: purl("rpm", ctx.distro?.id ?? "redhat", h.name, `${h.version}-${h.release}`, { arch: h.arch, epoch, distro: distroQualifier(ctx.distro), upstream: h.sourceRpm }),
            ...license ? { license } : {},
            layerDigest: f.layerDigest,
            sourcePath: f.path,
            properties: { ...h.sourceRpm ? { "stella:rpm:source-rpm": h.sourceRpm } : {}, ...h.vendor ? { "stella:rpm:vendor": h.vendor } : {} }
          });
        }
      } catch (e) {
        ctx.warn(f.path, `not a readable SQLite rpmdb (${e instanceof Error ? e.message : String(e)}); skipped`);
      } finally {
        db?.close();
      }
    }
    return out;
  }
};

// packages/sbom/src/catalogers/index.ts
function defaultCatalogers() {
  return [osReleaseCataloger, dpkgCataloger, apkCataloger, rpmCataloger, npmCataloger, pythonCataloger, goCataloger, javaCataloger];
}
__name(defaultCatalogers, "defaultCatalogers");

// packages/sbom/src/errors.ts
var SbomError = class extends StellaError {
  static {
    __name(this, "SbomError");
  }
  constructor(message, options) {
    super(message, options);
  }
};

// packages/sbom/src/image.ts
function platformString(d) {
  const p = d.platform;
  return p ? `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}` : void 0;
}
__name(platformString, "platformString");
function isRecord2(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord2, "isRecord");
async function resolveOne(store, descriptor, platform) {
  const blob = await store.getManifest(descriptor.digest);
  const parsed = parseManifest(blob.bytes, `${store.location}@${descriptor.digest}`, descriptor.mediaType);
  if (parsed.kind !== "manifest") throw new SbomError(`${store.location}@${descriptor.digest} is a nested index`, { code: "UNSUPPORTED" });
  const manifest = parsed.manifest;
  let created;
  try {
    const config = JSON.parse(Buffer.from(await store.getBlobBytes(manifest.config)).toString("utf8"));
    if (isRecord2(config) && typeof config.created === "string") created = config.created;
  } catch (e) {
    if (e instanceof SyntaxError) throw new SbomError(`image config ${manifest.config.digest} is not JSON`, { code: "BAD_IMAGE", cause: e });
    throw e;
  }
  return {
    digest: descriptor.digest,
    descriptor: { mediaType: parsed.mediaType, digest: descriptor.digest, size: descriptor.size },
    manifest,
    ...platform ? { platform } : {},
    ...created ? { created } : {},
    layers: manifest.layers.map((l) => ({ digest: l.digest, size: l.size, open: /* @__PURE__ */ __name(() => store.getBlob(l), "open") }))
  };
}
__name(resolveOne, "resolveOne");
async function resolveImages(store, reference, platform) {
  const top = await store.resolve(reference);
  if (!isIndexMediaType(top.mediaType)) return [await resolveOne(store, top, void 0)];
  const blob = await store.getManifest(top.digest);
  const parsed = parseManifest(blob.bytes, `${store.location}@${top.digest}`, top.mediaType);
  if (parsed.kind !== "index") return [await resolveOne(store, top, void 0)];
  const images = parsed.index.manifests.filter((m) => !isIndexMediaType(m.mediaType) && platformString(m) !== "unknown/unknown");
  if (images.length === 0) throw new SbomError(`index ${store.location}@${top.digest} lists no image manifests`, { code: "BAD_IMAGE" });
  if (platform === "all") return Promise.all(images.map((m) => resolveOne(store, m, platformString(m))));
  const wanted = platform ?? "linux/amd64";
  const hit = images.find((m) => platformString(m) === wanted) ?? (platform === void 0 ? images[0] : void 0);
  if (!hit) {
    throw new SbomError(`index ${store.location}@${top.digest} has no image for platform ${wanted}`, {
      code: "BAD_OPTION",
      hint: `choose one of: ${images.map((m) => platformString(m) ?? "?").join(", ")}, or "all"`
    });
  }
  return [await resolveOne(store, hit, platformString(hit))];
}
__name(resolveImages, "resolveImages");

// packages/sbom/src/layer-walker.ts
var import_tar_stream = __toESM(require_tar_stream(), 1);
import { createHash } from "node:crypto";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

// packages/sbom/src/types.ts
var DEFAULT_LIMITS = { maxFileBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 };

// packages/sbom/src/layer-walker.ts
var WHITEOUT = ".wh.";
var OPAQUE = ".wh..wh..opq";
function normalize(name) {
  let p = name.replace(/\\/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  p = p.replace(/^\/+/, "").replace(/\/+$/, "");
  return p;
}
__name(normalize, "normalize");
var BoundedBuffer = class {
  constructor(path, limits, budget, warn) {
    this.path = path;
    this.limits = limits;
    this.budget = budget;
    this.warn = warn;
  }
  path;
  limits;
  budget;
  warn;
  static {
    __name(this, "BoundedBuffer");
  }
  chunks = [];
  bytes = 0;
  over = false;
  write(chunk) {
    if (this.over) return;
    if (this.bytes + chunk.length > this.limits.maxFileBytes) return this.stop(`larger than the ${this.limits.maxFileBytes}-byte per-file limit; skipped`);
    if (this.budget.used + chunk.length > this.limits.maxTotalBytes) return this.stop(`the ${this.limits.maxTotalBytes}-byte total buffer limit is reached; skipped`);
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.budget.used += chunk.length;
  }
  stop(why) {
    this.over = true;
    this.budget.used -= this.bytes;
    this.chunks = [];
    this.warn(this.path, why);
  }
  end() {
    return this.over ? void 0 : Buffer.concat(this.chunks);
  }
};
async function peek(src) {
  for (; ; ) {
    const chunk = src.read();
    if (chunk !== null) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      src.unshift(buf);
      return buf;
    }
    if (src.readableEnded) return Buffer.alloc(0);
    await new Promise((resolve2, reject) => {
      const settle = /* @__PURE__ */ __name((e) => {
        src.off("readable", settle).off("end", settle).off("error", settle);
        if (e instanceof Error) reject(e);
        else resolve2();
      }, "settle");
      src.on("readable", settle).on("end", settle).on("error", settle);
    });
  }
}
__name(peek, "peek");
async function walkLayers(layers, catalogers, limits = DEFAULT_LIMITS) {
  const warnings = [];
  const warn = /* @__PURE__ */ __name((where, message) => warnings.push({ where, message }), "warn");
  const collected = new Map(catalogers.map((c) => [c.name, /* @__PURE__ */ new Map()]));
  const budget = { used: 0 };
  const summaries = [];
  const replace = /* @__PURE__ */ __name((path) => {
    for (const files of collected.values()) {
      const held = files.get(path);
      if (!held) continue;
      if (held.result instanceof Buffer) budget.used -= held.result.length;
      files.delete(path);
    }
  }, "replace");
  const remove = /* @__PURE__ */ __name((exact, layerIndex, prefix) => {
    for (const files of collected.values()) {
      for (const [path, held] of files) {
        if (held.layerIndex >= layerIndex) continue;
        if (path === exact || prefix && (exact === "" || path.startsWith(exact + "/"))) {
          if (held.result instanceof Buffer) budget.used -= held.result.length;
          files.delete(path);
        }
      }
    }
  }, "remove");
  for (const [index, layer] of layers.entries()) {
    const summary = { digest: layer.digest, files: 0, whiteouts: 0 };
    const hash = createHash("sha256");
    let size = 0;
    const src = await layer.open();
    const head = await peek(src).catch((e) => {
      throw new SbomError(`cannot read layer ${layer.digest}: ${errorMessage(e)}`, { code: "LAYER_CORRUPT", cause: e });
    });
    const metered = new Transform({
      transform(chunk, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      }
    });
    const extract = (0, import_tar_stream.extract)();
    const piping = pipeline([src, metered, ...decompressors(sniffCompression(head)), extract]).then(
      () => void 0,
      (e) => e
    );
    try {
      for await (const entry of extract) {
        const h = entry.header;
        const pax = h.pax;
        const sparseName = pax?.["GNU.sparse.name"];
        if (h.type === null || h.type === void 0 || sparseName !== void 0) {
          const real = normalize(sparseName ?? h.name);
          const realSize = pax?.["GNU.sparse.realsize"] ?? String(h.size ?? 0);
          warn(real, `sparse or unsupported tar entry (${realSize} bytes) in layer ${layer.digest}; not read`);
          replace(real);
          entry.resume();
          continue;
        }
        const path = normalize(h.name);
        const base = path.slice(path.lastIndexOf("/") + 1);
        const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
        if (base === OPAQUE) {
          summary.whiteouts++;
          remove(dir, index, true);
        } else if (base.startsWith(WHITEOUT)) {
          summary.whiteouts++;
          remove(dir === "" ? base.slice(WHITEOUT.length) : `${dir}/${base.slice(WHITEOUT.length)}`, index, true);
        } else if (h.type === "file" || h.type === "contiguous-file") {
          summary.files++;
          replace(path);
          const info = { path, size: h.size ?? 0, mode: h.mode ?? 0 };
          const sinks = [];
          for (const c of catalogers) {
            const sink = c.open(info, () => new BoundedBuffer(path, limits, budget, warn));
            if (sink) sinks.push([c.name, sink]);
          }
          if (sinks.length > 0) {
            for await (const chunk of entry) for (const [, s] of sinks) s.write(chunk);
            for (const [name, s] of sinks) collected.get(name)?.set(path, { path, size: info.size, layerDigest: layer.digest, result: s.end(), layerIndex: index });
            continue;
          }
        } else if (h.type === "link" && h.linkname) {
          const target = normalize(h.linkname);
          replace(path);
          for (const files of collected.values()) {
            const t = files.get(target);
            if (t) files.set(path, { ...t, path, layerDigest: layer.digest, layerIndex: index });
          }
        } else if (h.type !== "directory") {
          replace(path);
        }
        entry.resume();
      }
      const failure = await piping;
      if (failure !== void 0) throw failure instanceof Error ? failure : new Error(errorMessage(failure));
    } catch (e) {
      const failure = await piping ?? e;
      if (failure instanceof SbomError) throw failure;
      const msg = errorMessage(failure);
      const truncated = /unexpected end|premature close|end of (file|data)|truncated/i.test(msg);
      throw new SbomError(`layer ${layer.digest} is ${truncated ? "truncated" : "not a readable tar stream"} (${msg})`, {
        code: truncated ? "LAYER_TRUNCATED" : "LAYER_CORRUPT",
        hint: "re-pull or rebuild the image; the blob in the store is damaged",
        cause: failure
      });
    }
    const actual = `sha256:${hash.digest("hex")}`;
    if (actual !== layer.digest || layer.size > 0 && size !== layer.size) {
      throw new SbomError(`digest mismatch for layer ${layer.digest}: got ${actual} (${size} bytes, expected ${layer.size})`, {
        code: "DIGEST_MISMATCH",
        hint: "the layer blob does not match the manifest; re-pull or rebuild the image"
      });
    }
    summaries.push(summary);
  }
  return { collected, layers: summaries, warnings };
}
__name(walkLayers, "walkLayers");

// packages/sbom/src/scan.ts
async function scanImage(opts) {
  const catalogers = opts.catalogers ?? defaultCatalogers();
  const images = await resolveImages(opts.store, opts.reference, opts.platform);
  const out = [];
  for (const image of images) {
    const walk = await walkLayers(image.layers, catalogers, opts.limits ?? DEFAULT_LIMITS);
    const { components, warnings, distro } = await runCatalogers(walk, catalogers);
    out.push({ image, location: opts.store.location, components, layers: walk.layers, warnings, ...distro ? { distro } : {} });
  }
  return out;
}
__name(scanImage, "scanImage");

// packages/sbom/src/writers/cyclonedx-json.ts
var Enums = __toESM(require_enums(), 1);
var Models = __toESM(require_models(), 1);
var Serialize = __toESM(require_index_node(), 1);
var Spec = __toESM(require_spec(), 1);

// packages/sbom/src/uuid.ts
import { createHash as createHash2 } from "node:crypto";
var STELLA_SBOM_NAMESPACE = "6f0b1c1e-4a8e-5d7c-9b3a-5e1d2c7f8a90";
function uuidV5(name, namespace = STELLA_SBOM_NAMESPACE) {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const h = createHash2("sha1").update(ns).update(name, "utf8").digest();
  h[6] = (h[6] ?? 0) & 15 | 80;
  h[8] = (h[8] ?? 0) & 63 | 128;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
__name(uuidV5, "uuidV5");

// packages/sbom/src/document.ts
function imageNameOf(location) {
  const n = location.replace(/^(docker|oci|oci-archive|docker-archive):(\/\/)?/, "");
  return n.replace(/[@:][^/]*$/, (m) => m.startsWith("@") || !m.includes("/") ? "" : m) || n;
}
__name(imageNameOf, "imageNameOf");
function documentOf(inv, opts) {
  const name = opts.imageName ?? imageNameOf(inv.location);
  const last = name.split("/").pop() || "image";
  const repoUrl = name.includes("/") && !name.startsWith("/") ? name.slice(0, name.lastIndexOf("/")) : void 0;
  const platform = inv.image.platform;
  const [os, arch] = platform?.split("/") ?? [];
  const ts = timestampFrom(opts.sourceDateEpoch, inv.image.created);
  return {
    uuid: /* @__PURE__ */ __name((format) => uuidV5(`${inv.image.digest}
${format}`), "uuid"),
    timestamp: isoSeconds(Number.isNaN(ts.getTime()) ? /* @__PURE__ */ new Date(0) : ts),
    tool: opts.tool,
    image: {
      name,
      digest: inv.image.digest,
      mediaType: inv.image.descriptor.mediaType,
      // purl-spec oci type: name is the last path segment, version the manifest digest.
      purl: purl("oci", void 0, last.toLowerCase().replace(/[^a-z0-9._-]/g, "-") || "image", inv.image.digest, { arch, os, repository_url: repoUrl }) ?? `pkg:oci/image@${encodeURIComponent(inv.image.digest)}`,
      ...platform ? { platform } : {},
      layers: inv.image.layers.map((l) => l.digest)
    },
    components: [...inv.components].sort(compareComponents)
  };
}
__name(documentOf, "documentOf");
function bomRefOf(c, index) {
  return `${c.purl ?? `${c.ecosystem}:${c.name}@${c.version}`}#${index}`;
}
__name(bomRefOf, "bomRefOf");
function propertiesOf(c) {
  const all = [
    ["stella:ecosystem", c.ecosystem],
    ["stella:layer-digest", c.layerDigest],
    ["stella:source-path", c.sourcePath],
    ...Object.entries(c.properties ?? {})
  ];
  return all.sort(([a], [b]) => a.localeCompare(b));
}
__name(propertiesOf, "propertiesOf");

// packages/sbom/src/writers/cyclonedx-json.ts
var TYPES = {
  library: Enums.ComponentType.Library,
  application: Enums.ComponentType.Application,
  "operating-system": Enums.ComponentType.OperatingSystem,
  framework: Enums.ComponentType.Framework
};
function cyclonedxBom(doc) {
  const image = new Models.Component(Enums.ComponentType.Container, doc.image.name, {
    bomRef: doc.image.digest,
    version: doc.image.digest,
    purl: doc.image.purl,
    properties: new Models.PropertyRepository([
      new Models.Property("stella:image:media-type", doc.image.mediaType),
      ...doc.image.platform ? [new Models.Property("stella:image:platform", doc.image.platform)] : [],
      ...doc.image.layers.map((l, i) => new Models.Property(`stella:image:layer:${String(i).padStart(3, "0")}`, l))
    ])
  });
  const tool = new Models.Component(Enums.ComponentType.Application, doc.tool.name, { version: doc.tool.version, group: doc.tool.vendor });
  const bom = new Models.Bom({
    serialNumber: `urn:uuid:${doc.uuid("cyclonedx")}`,
    metadata: new Models.Metadata({
      timestamp: new Date(doc.timestamp),
      component: image,
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) })
    })
  });
  doc.components.forEach((c, i) => {
    bom.components.add(
      new Models.Component(TYPES[c.type], c.name, {
        bomRef: bomRefOf(c, i),
        version: c.version,
        ...c.purl ? { purl: c.purl } : {},
        ...c.license ? { licenses: new Models.LicenseRepository([new Models.LicenseExpression(c.license)]) } : {},
        properties: new Models.PropertyRepository(propertiesOf(c).map(([k, v]) => new Models.Property(k, v)))
      })
    );
  });
  return bom;
}
__name(cyclonedxBom, "cyclonedxBom");
function writeCyclonedxJson(doc) {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return Buffer.from(serializer.serialize(cyclonedxBom(doc), { sortLists: true, space: 2 }) + "\n", "utf8");
}
__name(writeCyclonedxJson, "writeCyclonedxJson");

// packages/sbom/src/writers/cyclonedx-proto.ts
var import_protobufjs = __toESM(require_protobufjs(), 1);

// packages/sbom/src/writers/bom-1.6.proto.generated.ts
var BOM_1_6_PROTO_JSON = JSON.parse('{"nested":{"google":{"nested":{"protobuf":{"nested":{"Timestamp":{"fields":{"seconds":{"type":"int64","id":1},"nanos":{"type":"int32","id":2}}}}}}},"cyclonedx":{"nested":{"v1_6":{"nested":{"AttachedText":{"oneofs":{"_content_type":{"oneof":["content_type"]},"_encoding":{"oneof":["encoding"]}},"fields":{"content_type":{"type":"string","id":1,"options":{"proto3_optional":true}},"encoding":{"type":"string","id":2,"options":{"proto3_optional":true}},"value":{"type":"string","id":3}}},"Bom":{"oneofs":{"_version":{"oneof":["version"]},"_serial_number":{"oneof":["serial_number"]},"_metadata":{"oneof":["metadata"]}},"fields":{"spec_version":{"type":"string","id":1},"version":{"type":"int32","id":2,"options":{"proto3_optional":true}},"serial_number":{"type":"string","id":3,"options":{"proto3_optional":true}},"metadata":{"type":"Metadata","id":4,"options":{"proto3_optional":true}},"components":{"rule":"repeated","type":"Component","id":5},"services":{"rule":"repeated","type":"Service","id":6},"external_references":{"rule":"repeated","type":"ExternalReference","id":7},"dependencies":{"rule":"repeated","type":"Dependency","id":8},"compositions":{"rule":"repeated","type":"Composition","id":9},"vulnerabilities":{"rule":"repeated","type":"Vulnerability","id":10},"annotations":{"rule":"repeated","type":"Annotation","id":11},"properties":{"rule":"repeated","type":"Property","id":12},"formulation":{"rule":"repeated","type":"Formula","id":13},"declarations":{"rule":"repeated","type":"Declarations","id":14},"definitions":{"rule":"repeated","type":"Definition","id":15}}},"Classification":{"values":{"CLASSIFICATION_NULL":0,"CLASSIFICATION_APPLICATION":1,"CLASSIFICATION_FRAMEWORK":2,"CLASSIFICATION_LIBRARY":3,"CLASSIFICATION_OPERATING_SYSTEM":4,"CLASSIFICATION_DEVICE":5,"CLASSIFICATION_FILE":6,"CLASSIFICATION_CONTAINER":7,"CLASSIFICATION_FIRMWARE":8,"CLASSIFICATION_DEVICE_DRIVER":9,"CLASSIFICATION_PLATFORM":10,"CLASSIFICATION_MACHINE_LEARNING_MODEL":11,"CLASSIFICATION_DATA":12,"CLASSIFICATION_CRYPTOGRAPHIC_ASSET":13}},"Commit":{"oneofs":{"_uid":{"oneof":["uid"]},"_url":{"oneof":["url"]},"_author":{"oneof":["author"]},"_committer":{"oneof":["committer"]},"_message":{"oneof":["message"]}},"fields":{"uid":{"type":"string","id":1,"options":{"proto3_optional":true}},"url":{"type":"string","id":2,"options":{"proto3_optional":true}},"author":{"type":"IdentifiableAction","id":3,"options":{"proto3_optional":true}},"committer":{"type":"IdentifiableAction","id":4,"options":{"proto3_optional":true}},"message":{"type":"string","id":5,"options":{"proto3_optional":true}}}},"Component":{"oneofs":{"_mime_type":{"oneof":["mime_type"]},"_bom_ref":{"oneof":["bom_ref"]},"_supplier":{"oneof":["supplier"]},"_author":{"oneof":["author"]},"_publisher":{"oneof":["publisher"]},"_group":{"oneof":["group"]},"_description":{"oneof":["description"]},"_scope":{"oneof":["scope"]},"_copyright":{"oneof":["copyright"]},"_cpe":{"oneof":["cpe"]},"_purl":{"oneof":["purl"]},"_swid":{"oneof":["swid"]},"_modified":{"oneof":["modified"]},"_pedigree":{"oneof":["pedigree"]},"_evidence":{"oneof":["evidence"]},"_releaseNotes":{"oneof":["releaseNotes"]},"_modelCard":{"oneof":["modelCard"]},"_cryptoProperties":{"oneof":["cryptoProperties"]},"_manufacturer":{"oneof":["manufacturer"]}},"fields":{"type":{"type":"Classification","id":1},"mime_type":{"type":"string","id":2,"options":{"proto3_optional":true}},"bom_ref":{"type":"string","id":3,"options":{"proto3_optional":true}},"supplier":{"type":"OrganizationalEntity","id":4,"options":{"proto3_optional":true}},"author":{"type":"string","id":5,"options":{"deprecated":true,"proto3_optional":true}},"publisher":{"type":"string","id":6,"options":{"proto3_optional":true}},"group":{"type":"string","id":7,"options":{"proto3_optional":true}},"name":{"type":"string","id":8},"version":{"type":"string","id":9},"description":{"type":"string","id":10,"options":{"proto3_optional":true}},"scope":{"type":"Scope","id":11,"options":{"proto3_optional":true}},"hashes":{"rule":"repeated","type":"Hash","id":12},"licenses":{"rule":"repeated","type":"LicenseChoice","id":13},"copyright":{"type":"string","id":14,"options":{"proto3_optional":true}},"cpe":{"type":"string","id":15,"options":{"proto3_optional":true}},"purl":{"type":"string","id":16,"options":{"proto3_optional":true}},"swid":{"type":"Swid","id":17,"options":{"proto3_optional":true}},"modified":{"type":"bool","id":18,"options":{"proto3_optional":true}},"pedigree":{"type":"Pedigree","id":19,"options":{"proto3_optional":true}},"external_references":{"rule":"repeated","type":"ExternalReference","id":20},"components":{"rule":"repeated","type":"Component","id":21},"properties":{"rule":"repeated","type":"Property","id":22},"evidence":{"type":"Evidence","id":23,"options":{"proto3_optional":true}},"releaseNotes":{"type":"ReleaseNotes","id":24,"options":{"proto3_optional":true}},"modelCard":{"type":"ModelCard","id":25,"options":{"proto3_optional":true}},"data":{"rule":"repeated","type":"ComponentData","id":26},"cryptoProperties":{"type":"CryptoProperties","id":27,"options":{"proto3_optional":true}},"manufacturer":{"type":"OrganizationalEntity","id":28,"options":{"proto3_optional":true}},"authors":{"rule":"repeated","type":"OrganizationalContact","id":29},"tags":{"rule":"repeated","type":"string","id":30},"omniborId":{"rule":"repeated","type":"string","id":31},"swhid":{"rule":"repeated","type":"string","id":32}}},"DataFlow":{"oneofs":{"_name":{"oneof":["name"]},"_description":{"oneof":["description"]},"_governance":{"oneof":["governance"]}},"fields":{"flow":{"type":"DataFlowDirection","id":1},"value":{"type":"string","id":2},"name":{"type":"string","id":3,"options":{"proto3_optional":true}},"description":{"type":"string","id":4,"options":{"proto3_optional":true}},"source":{"rule":"repeated","type":"string","id":5},"destination":{"rule":"repeated","type":"string","id":6},"governance":{"type":"DataGovernance","id":7,"options":{"proto3_optional":true}}}},"DataFlowDirection":{"values":{"DATA_FLOW_NULL":0,"DATA_FLOW_INBOUND":1,"DATA_FLOW_OUTBOUND":2,"DATA_FLOW_BI_DIRECTIONAL":3,"DATA_FLOW_UNKNOWN":4}},"Dependency":{"fields":{"ref":{"type":"string","id":1},"dependencies":{"rule":"repeated","type":"Dependency","id":2},"provides":{"rule":"repeated","type":"string","id":3}}},"Diff":{"oneofs":{"_text":{"oneof":["text"]},"_url":{"oneof":["url"]}},"fields":{"text":{"type":"AttachedText","id":1,"options":{"proto3_optional":true}},"url":{"type":"string","id":2,"options":{"proto3_optional":true}}}},"ExternalReference":{"oneofs":{"_comment":{"oneof":["comment"]}},"fields":{"type":{"type":"ExternalReferenceType","id":1},"url":{"type":"string","id":2},"comment":{"type":"string","id":3,"options":{"proto3_optional":true}},"hashes":{"rule":"repeated","type":"Hash","id":4}}},"ExternalReferenceType":{"values":{"EXTERNAL_REFERENCE_TYPE_OTHER":0,"EXTERNAL_REFERENCE_TYPE_VCS":1,"EXTERNAL_REFERENCE_TYPE_ISSUE_TRACKER":2,"EXTERNAL_REFERENCE_TYPE_WEBSITE":3,"EXTERNAL_REFERENCE_TYPE_ADVISORIES":4,"EXTERNAL_REFERENCE_TYPE_BOM":5,"EXTERNAL_REFERENCE_TYPE_MAILING_LIST":6,"EXTERNAL_REFERENCE_TYPE_SOCIAL":7,"EXTERNAL_REFERENCE_TYPE_CHAT":8,"EXTERNAL_REFERENCE_TYPE_DOCUMENTATION":9,"EXTERNAL_REFERENCE_TYPE_SUPPORT":10,"EXTERNAL_REFERENCE_TYPE_DISTRIBUTION":11,"EXTERNAL_REFERENCE_TYPE_LICENSE":12,"EXTERNAL_REFERENCE_TYPE_BUILD_META":13,"EXTERNAL_REFERENCE_TYPE_BUILD_SYSTEM":14,"EXTERNAL_REFERENCE_TYPE_SECURITY_CONTACT":15,"EXTERNAL_REFERENCE_TYPE_ATTESTATION":16,"EXTERNAL_REFERENCE_TYPE_THREAT_MODEL":17,"EXTERNAL_REFERENCE_TYPE_ADVERSARY_MODEL":18,"EXTERNAL_REFERENCE_TYPE_RISK_ASSESSMENT":19,"EXTERNAL_REFERENCE_TYPE_DISTRIBUTION_INTAKE":20,"EXTERNAL_REFERENCE_TYPE_VULNERABILITY_ASSERTION":21,"EXTERNAL_REFERENCE_TYPE_EXPLOITABILITY_STATEMENT":22,"EXTERNAL_REFERENCE_TYPE_PENTEST_REPORT":23,"EXTERNAL_REFERENCE_TYPE_STATIC_ANALYSIS_REPORT":24,"EXTERNAL_REFERENCE_TYPE_DYNAMIC_ANALYSIS_REPORT":25,"EXTERNAL_REFERENCE_TYPE_RUNTIME_ANALYSIS_REPORT":26,"EXTERNAL_REFERENCE_TYPE_COMPONENT_ANALYSIS_REPORT":27,"EXTERNAL_REFERENCE_TYPE_MATURITY_REPORT":28,"EXTERNAL_REFERENCE_TYPE_CERTIFICATION_REPORT":29,"EXTERNAL_REFERENCE_TYPE_QUALITY_METRICS":30,"EXTERNAL_REFERENCE_TYPE_CODIFIED_INFRASTRUCTURE":31,"EXTERNAL_REFERENCE_TYPE_MODEL_CARD":32,"EXTERNAL_REFERENCE_TYPE_POAM":33,"EXTERNAL_REFERENCE_TYPE_LOG":34,"EXTERNAL_REFERENCE_TYPE_CONFIGURATION":35,"EXTERNAL_REFERENCE_TYPE_EVIDENCE":36,"EXTERNAL_REFERENCE_TYPE_FORMULATION":37,"EXTERNAL_REFERENCE_TYPE_SOURCE_DISTRIBUTION":38,"EXTERNAL_REFERENCE_TYPE_ELECTRONIC_SIGNATURE":39,"EXTERNAL_REFERENCE_TYPE_DIGITAL_SIGNATURE":40,"EXTERNAL_REFERENCE_TYPE_RFC_9116":41,"EXTERNAL_REFERENCE_TYPE_RELEASE_NOTES":42}},"HashAlg":{"values":{"HASH_ALG_NULL":0,"HASH_ALG_MD_5":1,"HASH_ALG_SHA_1":2,"HASH_ALG_SHA_256":3,"HASH_ALG_SHA_384":4,"HASH_ALG_SHA_512":5,"HASH_ALG_SHA_3_256":6,"HASH_ALG_SHA_3_384":7,"HASH_ALG_SHA_3_512":8,"HASH_ALG_BLAKE_2_B_256":9,"HASH_ALG_BLAKE_2_B_384":10,"HASH_ALG_BLAKE_2_B_512":11,"HASH_ALG_BLAKE_3":12}},"Hash":{"fields":{"alg":{"type":"HashAlg","id":1},"value":{"type":"string","id":2}}},"IdentifiableAction":{"oneofs":{"_timestamp":{"oneof":["timestamp"]},"_name":{"oneof":["name"]},"_email":{"oneof":["email"]}},"fields":{"timestamp":{"type":"google.protobuf.Timestamp","id":1,"options":{"proto3_optional":true}},"name":{"type":"string","id":2,"options":{"proto3_optional":true}},"email":{"type":"string","id":3,"options":{"proto3_optional":true}}}},"IssueClassification":{"values":{"ISSUE_CLASSIFICATION_NULL":0,"ISSUE_CLASSIFICATION_DEFECT":1,"ISSUE_CLASSIFICATION_ENHANCEMENT":2,"ISSUE_CLASSIFICATION_SECURITY":3}},"Issue":{"oneofs":{"_id":{"oneof":["id"]},"_name":{"oneof":["name"]},"_description":{"oneof":["description"]},"_source":{"oneof":["source"]}},"fields":{"type":{"type":"IssueClassification","id":1},"id":{"type":"string","id":2,"options":{"proto3_optional":true}},"name":{"type":"string","id":3,"options":{"proto3_optional":true}},"description":{"type":"string","id":4,"options":{"proto3_optional":true}},"source":{"type":"Source","id":5,"options":{"proto3_optional":true}},"references":{"rule":"repeated","type":"string","id":6}}},"Source":{"oneofs":{"_name":{"oneof":["name"]},"_url":{"oneof":["url"]}},"fields":{"name":{"type":"string","id":1,"options":{"proto3_optional":true}},"url":{"type":"string","id":2,"options":{"proto3_optional":true}}}},"LicenseChoice":{"oneofs":{"choice":{"oneof":["license","expression"]},"_acknowledgement":{"oneof":["acknowledgement"]},"_bom_ref":{"oneof":["bom_ref"]}},"fields":{"license":{"type":"License","id":1},"expression":{"type":"string","id":2},"acknowledgement":{"type":"LicenseAcknowledgementEnumeration","id":3,"options":{"proto3_optional":true}},"bom_ref":{"type":"string","id":4,"options":{"proto3_optional":true}}}},"License":{"oneofs":{"license":{"oneof":["id","name"]},"_text":{"oneof":["text"]},"_url":{"oneof":["url"]},"_bom_ref":{"oneof":["bom_ref"]},"_licensing":{"oneof":["licensing"]},"_acknowledgement":{"oneof":["acknowledgement"]}},"fields":{"id":{"type":"string","id":1},"name":{"type":"string","id":2},"text":{"type":"AttachedText","id":3,"options":{"proto3_optional":true}},"url":{"type":"string","id":4,"options":{"proto3_optional":true}},"bom_ref":{"type":"string","id":5,"options":{"proto3_optional":true}},"licensing":{"type":"Licensing","id":6,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":7},"acknowledgement":{"type":"LicenseAcknowledgementEnumeration","id":8,"options":{"proto3_optional":true}}}},"LicenseAcknowledgementEnumeration":{"values":{"LICENSE_ACKNOWLEDGEMENT_ENUMERATION_UNSPECIFIED":0,"LICENSE_ACKNOWLEDGEMENT_ENUMERATION_DECLARED":1,"LICENSE_ACKNOWLEDGEMENT_ENUMERATION_CONCLUDED":2}},"Licensing":{"oneofs":{"_licensor":{"oneof":["licensor"]},"_licensee":{"oneof":["licensee"]},"_purchaser":{"oneof":["purchaser"]},"_purchaseOrder":{"oneof":["purchaseOrder"]},"_lastRenewal":{"oneof":["lastRenewal"]},"_expiration":{"oneof":["expiration"]}},"fields":{"altIds":{"rule":"repeated","type":"string","id":1},"licensor":{"type":"OrganizationalEntityOrContact","id":2,"options":{"proto3_optional":true}},"licensee":{"type":"OrganizationalEntityOrContact","id":3,"options":{"proto3_optional":true}},"purchaser":{"type":"OrganizationalEntityOrContact","id":4,"options":{"proto3_optional":true}},"purchaseOrder":{"type":"string","id":5,"options":{"proto3_optional":true}},"licenseTypes":{"rule":"repeated","type":"LicensingTypeEnum","id":6},"lastRenewal":{"type":"google.protobuf.Timestamp","id":7,"options":{"proto3_optional":true}},"expiration":{"type":"google.protobuf.Timestamp","id":8,"options":{"proto3_optional":true}}}},"OrganizationalEntityOrContact":{"oneofs":{"choice":{"oneof":["organization","individual"]}},"fields":{"organization":{"type":"OrganizationalEntity","id":1},"individual":{"type":"OrganizationalContact","id":2}}},"LicensingTypeEnum":{"values":{"LICENSING_TYPE_NULL":0,"LICENSING_TYPE_ACADEMIC":1,"LICENSING_TYPE_APPLIANCE":2,"LICENSING_TYPE_CLIENT_ACCESS":3,"LICENSING_TYPE_CONCURRENT_USER":4,"LICENSING_TYPE_CORE_POINTS":5,"LICENSING_TYPE_CUSTOM_METRIC":6,"LICENSING_TYPE_DEVICE":7,"LICENSING_TYPE_EVALUATION":8,"LICENSING_TYPE_NAMED_USER":9,"LICENSING_TYPE_NODE_LOCKED":10,"LICENSING_TYPE_OEM":11,"LICENSING_TYPE_PERPETUAL":12,"LICENSING_TYPE_PROCESSOR_POINTS":13,"LICENSING_TYPE_SUBSCRIPTION":14,"LICENSING_TYPE_USER":15,"LICENSING_TYPE_OTHER":16}},"Metadata":{"oneofs":{"_timestamp":{"oneof":["timestamp"]},"_tools":{"oneof":["tools"]},"_component":{"oneof":["component"]},"_manufacture":{"oneof":["manufacture"]},"_supplier":{"oneof":["supplier"]},"_manufacturer":{"oneof":["manufacturer"]}},"fields":{"timestamp":{"type":"google.protobuf.Timestamp","id":1,"options":{"proto3_optional":true}},"tools":{"type":"Tool","id":2,"options":{"proto3_optional":true}},"authors":{"rule":"repeated","type":"OrganizationalContact","id":3},"component":{"type":"Component","id":4,"options":{"proto3_optional":true}},"manufacture":{"type":"OrganizationalEntity","id":5,"options":{"deprecated":true,"proto3_optional":true}},"supplier":{"type":"OrganizationalEntity","id":6,"options":{"proto3_optional":true}},"licenses":{"rule":"repeated","type":"LicenseChoice","id":7},"properties":{"rule":"repeated","type":"Property","id":8},"lifecycles":{"rule":"repeated","type":"Lifecycles","id":9},"manufacturer":{"type":"OrganizationalEntity","id":10,"options":{"proto3_optional":true}}}},"Lifecycles":{"oneofs":{"choice":{"oneof":["phase","name"]},"_description":{"oneof":["description"]}},"fields":{"phase":{"type":"LifecyclePhase","id":1},"name":{"type":"string","id":2},"description":{"type":"string","id":3,"options":{"proto3_optional":true}}}},"LifecyclePhase":{"values":{"LIFECYCLE_PHASE_DESIGN":0,"LIFECYCLE_PHASE_PRE_BUILD":1,"LIFECYCLE_PHASE_BUILD":2,"LIFECYCLE_PHASE_POST_BUILD":3,"LIFECYCLE_PHASE_OPERATIONS":4,"LIFECYCLE_PHASE_DISCOVERY":5,"LIFECYCLE_PHASE_DECOMMISSION":6}},"OrganizationalContact":{"oneofs":{"_name":{"oneof":["name"]},"_email":{"oneof":["email"]},"_phone":{"oneof":["phone"]},"_bom_ref":{"oneof":["bom_ref"]}},"fields":{"name":{"type":"string","id":1,"options":{"proto3_optional":true}},"email":{"type":"string","id":2,"options":{"proto3_optional":true}},"phone":{"type":"string","id":3,"options":{"proto3_optional":true}},"bom_ref":{"type":"string","id":4,"options":{"proto3_optional":true}}}},"OrganizationalEntity":{"oneofs":{"_name":{"oneof":["name"]},"_bom_ref":{"oneof":["bom_ref"]},"_address":{"oneof":["address"]}},"fields":{"name":{"type":"string","id":1,"options":{"proto3_optional":true}},"url":{"rule":"repeated","type":"string","id":2},"contact":{"rule":"repeated","type":"OrganizationalContact","id":3},"bom_ref":{"type":"string","id":4,"options":{"proto3_optional":true}},"address":{"type":"PostalAddressType","id":5,"options":{"proto3_optional":true}}}},"PatchClassification":{"values":{"PATCH_CLASSIFICATION_NULL":0,"PATCH_CLASSIFICATION_UNOFFICIAL":1,"PATCH_CLASSIFICATION_MONKEY":2,"PATCH_CLASSIFICATION_BACKPORT":3,"PATCH_CLASSIFICATION_CHERRY_PICK":4}},"Patch":{"oneofs":{"_diff":{"oneof":["diff"]}},"fields":{"type":{"type":"PatchClassification","id":1},"diff":{"type":"Diff","id":2,"options":{"proto3_optional":true}},"resolves":{"rule":"repeated","type":"Issue","id":3}}},"Pedigree":{"oneofs":{"_notes":{"oneof":["notes"]}},"fields":{"ancestors":{"rule":"repeated","type":"Component","id":1},"descendants":{"rule":"repeated","type":"Component","id":2},"variants":{"rule":"repeated","type":"Component","id":3},"commits":{"rule":"repeated","type":"Commit","id":4},"patches":{"rule":"repeated","type":"Patch","id":5},"notes":{"type":"string","id":6,"options":{"proto3_optional":true}}}},"Scope":{"values":{"SCOPE_UNSPECIFIED":0,"SCOPE_REQUIRED":1,"SCOPE_OPTIONAL":2,"SCOPE_EXCLUDED":3}},"Service":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_provider":{"oneof":["provider"]},"_group":{"oneof":["group"]},"_version":{"oneof":["version"]},"_description":{"oneof":["description"]},"_authenticated":{"oneof":["authenticated"]},"_x_trust_boundary":{"oneof":["x_trust_boundary"]},"_releaseNotes":{"oneof":["releaseNotes"]},"_trustZone":{"oneof":["trustZone"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"provider":{"type":"OrganizationalEntity","id":2,"options":{"proto3_optional":true}},"group":{"type":"string","id":3,"options":{"proto3_optional":true}},"name":{"type":"string","id":4},"version":{"type":"string","id":5,"options":{"proto3_optional":true}},"description":{"type":"string","id":6,"options":{"proto3_optional":true}},"endpoints":{"rule":"repeated","type":"string","id":7},"authenticated":{"type":"bool","id":8,"options":{"proto3_optional":true}},"x_trust_boundary":{"type":"bool","id":9,"options":{"proto3_optional":true}},"data":{"rule":"repeated","type":"DataFlow","id":10},"licenses":{"rule":"repeated","type":"LicenseChoice","id":11},"external_references":{"rule":"repeated","type":"ExternalReference","id":12},"services":{"rule":"repeated","type":"Service","id":13},"properties":{"rule":"repeated","type":"Property","id":14},"releaseNotes":{"type":"ReleaseNotes","id":15,"options":{"proto3_optional":true}},"trustZone":{"type":"string","id":16,"options":{"proto3_optional":true}},"tags":{"rule":"repeated","type":"string","id":17}}},"Swid":{"oneofs":{"_version":{"oneof":["version"]},"_tag_version":{"oneof":["tag_version"]},"_patch":{"oneof":["patch"]},"_text":{"oneof":["text"]},"_url":{"oneof":["url"]}},"fields":{"tag_id":{"type":"string","id":1},"name":{"type":"string","id":2},"version":{"type":"string","id":3,"options":{"proto3_optional":true}},"tag_version":{"type":"int32","id":4,"options":{"proto3_optional":true}},"patch":{"type":"bool","id":5,"options":{"proto3_optional":true}},"text":{"type":"AttachedText","id":6,"options":{"proto3_optional":true}},"url":{"type":"string","id":7,"options":{"proto3_optional":true}}}},"Tool":{"oneofs":{"_vendor":{"oneof":["vendor"]},"_name":{"oneof":["name"]},"_version":{"oneof":["version"]}},"fields":{"vendor":{"type":"string","id":1,"options":{"deprecated":true,"proto3_optional":true}},"name":{"type":"string","id":2,"options":{"deprecated":true,"proto3_optional":true}},"version":{"type":"string","id":3,"options":{"deprecated":true,"proto3_optional":true}},"hashes":{"rule":"repeated","type":"Hash","id":4,"options":{"deprecated":true}},"external_references":{"rule":"repeated","type":"ExternalReference","id":5,"options":{"deprecated":true}},"components":{"rule":"repeated","type":"Component","id":6},"services":{"rule":"repeated","type":"Service","id":7}}},"Property":{"oneofs":{"_value":{"oneof":["value"]}},"fields":{"name":{"type":"string","id":1},"value":{"type":"string","id":2,"options":{"proto3_optional":true}}}},"Aggregate":{"values":{"AGGREGATE_NOT_SPECIFIED":0,"AGGREGATE_COMPLETE":1,"AGGREGATE_INCOMPLETE":2,"AGGREGATE_INCOMPLETE_FIRST_PARTY_ONLY":3,"AGGREGATE_INCOMPLETE_THIRD_PARTY_ONLY":4,"AGGREGATE_UNKNOWN":5,"AGGREGATE_INCOMPLETE_FIRST_PARTY_PROPRIETARY_ONLY":6,"AGGREGATE_INCOMPLETE_FIRST_PARTY_OPENSOURCE_ONLY":7,"AGGREGATE_INCOMPLETE_THIRD_PARTY_PROPRIETARY_ONLY":8,"AGGREGATE_INCOMPLETE_THIRD_PARTY_OPENSOURCE_ONLY":9}},"Composition":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]}},"fields":{"aggregate":{"type":"Aggregate","id":1},"assemblies":{"rule":"repeated","type":"string","id":2},"dependencies":{"rule":"repeated","type":"string","id":3},"vulnerabilities":{"rule":"repeated","type":"string","id":4},"bom_ref":{"type":"string","id":5,"options":{"proto3_optional":true}}}},"EvidenceCopyright":{"fields":{"text":{"type":"string","id":1}}},"Evidence":{"oneofs":{"_callstack":{"oneof":["callstack"]}},"fields":{"licenses":{"rule":"repeated","type":"LicenseChoice","id":1},"copyright":{"rule":"repeated","type":"EvidenceCopyright","id":2},"identity":{"rule":"repeated","type":"EvidenceIdentity","id":3},"occurrences":{"rule":"repeated","type":"EvidenceOccurrences","id":4},"callstack":{"type":"Callstack","id":5,"options":{"proto3_optional":true}}}},"Callstack":{"fields":{"frames":{"rule":"repeated","type":"Frames","id":1}},"nested":{"Frames":{"oneofs":{"_package":{"oneof":["package"]},"_function":{"oneof":["function"]},"_line":{"oneof":["line"]},"_column":{"oneof":["column"]},"_fullFilename":{"oneof":["fullFilename"]}},"fields":{"package":{"type":"string","id":1,"options":{"proto3_optional":true}},"module":{"type":"string","id":2},"function":{"type":"string","id":3,"options":{"proto3_optional":true}},"parameters":{"rule":"repeated","type":"string","id":4},"line":{"type":"int32","id":5,"options":{"proto3_optional":true}},"column":{"type":"int32","id":6,"options":{"proto3_optional":true}},"fullFilename":{"type":"string","id":7,"options":{"proto3_optional":true}}}}}},"EvidenceIdentity":{"oneofs":{"_confidence":{"oneof":["confidence"]},"_concludedValue":{"oneof":["concludedValue"]}},"fields":{"field":{"type":"EvidenceFieldType","id":1},"confidence":{"type":"float","id":2,"options":{"proto3_optional":true}},"methods":{"rule":"repeated","type":"EvidenceMethods","id":3},"tools":{"rule":"repeated","type":"string","id":4},"concludedValue":{"type":"string","id":5,"options":{"proto3_optional":true}}}},"EvidenceMethods":{"oneofs":{"_value":{"oneof":["value"]}},"fields":{"technique":{"type":"EvidenceTechnique","id":1},"confidence":{"type":"float","id":2},"value":{"type":"string","id":3,"options":{"proto3_optional":true}}}},"EvidenceOccurrences":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_line":{"oneof":["line"]},"_offset":{"oneof":["offset"]},"_symbol":{"oneof":["symbol"]},"_additionalContext":{"oneof":["additionalContext"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"location":{"type":"string","id":2},"line":{"type":"int32","id":3,"options":{"proto3_optional":true}},"offset":{"type":"int32","id":4,"options":{"proto3_optional":true}},"symbol":{"type":"string","id":5,"options":{"proto3_optional":true}},"additionalContext":{"type":"string","id":6,"options":{"proto3_optional":true}}}},"EvidenceFieldType":{"values":{"EVIDENCE_FIELD_NULL":0,"EVIDENCE_FIELD_GROUP":1,"EVIDENCE_FIELD_NAME":2,"EVIDENCE_FIELD_VERSION":3,"EVIDENCE_FIELD_PURL":4,"EVIDENCE_FIELD_CPE":5,"EVIDENCE_FIELD_SWID":6,"EVIDENCE_FIELD_HASH":7,"EVIDENCE_FIELD_OMNIBOR_ID":8,"EVIDENCE_FIELD_SWHID":9}},"EvidenceTechnique":{"values":{"EVIDENCE_TECHNIQUE_SOURCE_CODE_ANALYSIS":0,"EVIDENCE_TECHNIQUE_BINARY_ANALYSIS":1,"EVIDENCE_TECHNIQUE_MANIFEST_ANALYSIS":2,"EVIDENCE_TECHNIQUE_AST_FINGERPRINT":3,"EVIDENCE_TECHNIQUE_HASH_COMPARISON":4,"EVIDENCE_TECHNIQUE_INSTRUMENTATION":5,"EVIDENCE_TECHNIQUE_DYNAMIC_ANALYSIS":6,"EVIDENCE_TECHNIQUE_FILENAME":7,"EVIDENCE_TECHNIQUE_ATTESTATION":8,"EVIDENCE_TECHNIQUE_OTHER":9}},"Note":{"oneofs":{"_locale":{"oneof":["locale"]},"_text":{"oneof":["text"]}},"fields":{"locale":{"type":"string","id":1,"options":{"proto3_optional":true}},"text":{"type":"AttachedText","id":2,"options":{"proto3_optional":true}}}},"ReleaseNotes":{"oneofs":{"_title":{"oneof":["title"]},"_featuredImage":{"oneof":["featuredImage"]},"_socialImage":{"oneof":["socialImage"]},"_description":{"oneof":["description"]},"_timestamp":{"oneof":["timestamp"]}},"fields":{"type":{"type":"string","id":1},"title":{"type":"string","id":2,"options":{"proto3_optional":true}},"featuredImage":{"type":"string","id":3,"options":{"proto3_optional":true}},"socialImage":{"type":"string","id":4,"options":{"proto3_optional":true}},"description":{"type":"string","id":5,"options":{"proto3_optional":true}},"timestamp":{"type":"google.protobuf.Timestamp","id":6,"options":{"proto3_optional":true}},"aliases":{"rule":"repeated","type":"string","id":7},"tags":{"rule":"repeated","type":"string","id":8},"resolves":{"rule":"repeated","type":"Issue","id":9},"notes":{"rule":"repeated","type":"Note","id":10},"properties":{"rule":"repeated","type":"Property","id":11}}},"Vulnerability":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_id":{"oneof":["id"]},"_source":{"oneof":["source"]},"_description":{"oneof":["description"]},"_detail":{"oneof":["detail"]},"_recommendation":{"oneof":["recommendation"]},"_created":{"oneof":["created"]},"_published":{"oneof":["published"]},"_updated":{"oneof":["updated"]},"_credits":{"oneof":["credits"]},"_tools":{"oneof":["tools"]},"_analysis":{"oneof":["analysis"]},"_rejected":{"oneof":["rejected"]},"_proofOfConcept":{"oneof":["proofOfConcept"]},"_workaround":{"oneof":["workaround"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"id":{"type":"string","id":2,"options":{"proto3_optional":true}},"source":{"type":"Source","id":3,"options":{"proto3_optional":true}},"references":{"rule":"repeated","type":"VulnerabilityReference","id":4},"ratings":{"rule":"repeated","type":"VulnerabilityRating","id":5},"cwes":{"rule":"repeated","type":"int32","id":6},"description":{"type":"string","id":7,"options":{"proto3_optional":true}},"detail":{"type":"string","id":8,"options":{"proto3_optional":true}},"recommendation":{"type":"string","id":9,"options":{"proto3_optional":true}},"advisories":{"rule":"repeated","type":"Advisory","id":10},"created":{"type":"google.protobuf.Timestamp","id":11,"options":{"proto3_optional":true}},"published":{"type":"google.protobuf.Timestamp","id":12,"options":{"proto3_optional":true}},"updated":{"type":"google.protobuf.Timestamp","id":13,"options":{"proto3_optional":true}},"credits":{"type":"VulnerabilityCredits","id":14,"options":{"proto3_optional":true}},"tools":{"type":"Tool","id":15,"options":{"proto3_optional":true}},"analysis":{"type":"VulnerabilityAnalysis","id":16,"options":{"proto3_optional":true}},"affects":{"rule":"repeated","type":"VulnerabilityAffects","id":17},"properties":{"rule":"repeated","type":"Property","id":18},"rejected":{"type":"google.protobuf.Timestamp","id":19,"options":{"proto3_optional":true}},"proofOfConcept":{"type":"ProofOfConcept","id":20,"options":{"proto3_optional":true}},"workaround":{"type":"string","id":21,"options":{"proto3_optional":true}}}},"ProofOfConcept":{"oneofs":{"_reproductionSteps":{"oneof":["reproductionSteps"]},"_environment":{"oneof":["environment"]}},"fields":{"reproductionSteps":{"type":"string","id":1,"options":{"proto3_optional":true}},"environment":{"type":"string","id":2,"options":{"proto3_optional":true}},"supportingMaterial":{"rule":"repeated","type":"AttachedText","id":3}}},"VulnerabilityReference":{"fields":{"id":{"type":"string","id":1},"source":{"type":"Source","id":2}}},"VulnerabilityRating":{"oneofs":{"_source":{"oneof":["source"]},"_score":{"oneof":["score"]},"_severity":{"oneof":["severity"]},"_method":{"oneof":["method"]},"_vector":{"oneof":["vector"]},"_justification":{"oneof":["justification"]}},"fields":{"source":{"type":"Source","id":1,"options":{"proto3_optional":true}},"score":{"type":"double","id":2,"options":{"proto3_optional":true}},"severity":{"type":"Severity","id":3,"options":{"proto3_optional":true}},"method":{"type":"ScoreMethod","id":4,"options":{"proto3_optional":true}},"vector":{"type":"string","id":5,"options":{"proto3_optional":true}},"justification":{"type":"string","id":6,"options":{"proto3_optional":true}}}},"Severity":{"values":{"SEVERITY_UNKNOWN":0,"SEVERITY_CRITICAL":1,"SEVERITY_HIGH":2,"SEVERITY_MEDIUM":3,"SEVERITY_LOW":4,"SEVERITY_INFO":5,"SEVERITY_NONE":6}},"ScoreMethod":{"values":{"SCORE_METHOD_NULL":0,"SCORE_METHOD_CVSSV2":1,"SCORE_METHOD_CVSSV3":2,"SCORE_METHOD_CVSSV31":3,"SCORE_METHOD_OWASP":4,"SCORE_METHOD_OTHER":5,"SCORE_METHOD_CVSSV4":6,"SCORE_METHOD_SSVC":7}},"Advisory":{"oneofs":{"_title":{"oneof":["title"]}},"fields":{"title":{"type":"string","id":1,"options":{"proto3_optional":true}},"url":{"type":"string","id":2}}},"VulnerabilityCredits":{"fields":{"organizations":{"rule":"repeated","type":"OrganizationalEntity","id":1},"individuals":{"rule":"repeated","type":"OrganizationalContact","id":2}}},"VulnerabilityAnalysis":{"oneofs":{"_state":{"oneof":["state"]},"_justification":{"oneof":["justification"]},"_detail":{"oneof":["detail"]},"_firstIssued":{"oneof":["firstIssued"]},"_lastUpdated":{"oneof":["lastUpdated"]}},"fields":{"state":{"type":"ImpactAnalysisState","id":1,"options":{"proto3_optional":true}},"justification":{"type":"ImpactAnalysisJustification","id":2,"options":{"proto3_optional":true}},"response":{"rule":"repeated","type":"VulnerabilityResponse","id":3},"detail":{"type":"string","id":4,"options":{"proto3_optional":true}},"firstIssued":{"type":"google.protobuf.Timestamp","id":5,"options":{"proto3_optional":true}},"lastUpdated":{"type":"google.protobuf.Timestamp","id":6,"options":{"proto3_optional":true}}}},"ImpactAnalysisState":{"values":{"IMPACT_ANALYSIS_STATE_NULL":0,"IMPACT_ANALYSIS_STATE_RESOLVED":1,"IMPACT_ANALYSIS_STATE_RESOLVED_WITH_PEDIGREE":2,"IMPACT_ANALYSIS_STATE_EXPLOITABLE":3,"IMPACT_ANALYSIS_STATE_IN_TRIAGE":4,"IMPACT_ANALYSIS_STATE_FALSE_POSITIVE":5,"IMPACT_ANALYSIS_STATE_NOT_AFFECTED":6}},"ImpactAnalysisJustification":{"values":{"IMPACT_ANALYSIS_JUSTIFICATION_NULL":0,"IMPACT_ANALYSIS_JUSTIFICATION_CODE_NOT_PRESENT":1,"IMPACT_ANALYSIS_JUSTIFICATION_CODE_NOT_REACHABLE":2,"IMPACT_ANALYSIS_JUSTIFICATION_REQUIRES_CONFIGURATION":3,"IMPACT_ANALYSIS_JUSTIFICATION_REQUIRES_DEPENDENCY":4,"IMPACT_ANALYSIS_JUSTIFICATION_REQUIRES_ENVIRONMENT":5,"IMPACT_ANALYSIS_JUSTIFICATION_PROTECTED_BY_COMPILER":6,"IMPACT_ANALYSIS_JUSTIFICATION_PROTECTED_AT_RUNTIME":7,"IMPACT_ANALYSIS_JUSTIFICATION_PROTECTED_AT_PERIMETER":8,"IMPACT_ANALYSIS_JUSTIFICATION_PROTECTED_BY_MITIGATING_CONTROL":9}},"VulnerabilityResponse":{"values":{"VULNERABILITY_RESPONSE_NULL":0,"VULNERABILITY_RESPONSE_CAN_NOT_FIX":1,"VULNERABILITY_RESPONSE_WILL_NOT_FIX":2,"VULNERABILITY_RESPONSE_UPDATE":3,"VULNERABILITY_RESPONSE_ROLLBACK":4,"VULNERABILITY_RESPONSE_WORKAROUND_AVAILABLE":5}},"VulnerabilityAffects":{"fields":{"ref":{"type":"string","id":1},"versions":{"rule":"repeated","type":"VulnerabilityAffectedVersions","id":2}}},"VulnerabilityAffectedVersions":{"oneofs":{"choice":{"oneof":["version","range"]},"_status":{"oneof":["status"]}},"fields":{"version":{"type":"string","id":1},"range":{"type":"string","id":2},"status":{"type":"VulnerabilityAffectedStatus","id":3,"options":{"proto3_optional":true}}}},"VulnerabilityAffectedStatus":{"values":{"VULNERABILITY_AFFECTED_STATUS_UNKNOWN":0,"VULNERABILITY_AFFECTED_STATUS_AFFECTED":1,"VULNERABILITY_AFFECTED_STATUS_NOT_AFFECTED":2}},"AnnotatorChoice":{"oneofs":{"choice":{"oneof":["organization","individual","component","service"]}},"fields":{"organization":{"type":"OrganizationalEntity","id":1},"individual":{"type":"OrganizationalContact","id":2},"component":{"type":"Component","id":3},"service":{"type":"Service","id":4}}},"Annotation":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"subjects":{"rule":"repeated","type":"string","id":2},"annotator":{"type":"AnnotatorChoice","id":3},"timestamp":{"type":"google.protobuf.Timestamp","id":4},"text":{"type":"string","id":5}}},"ModelCard":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_modelParameters":{"oneof":["modelParameters"]},"_quantitativeAnalysis":{"oneof":["quantitativeAnalysis"]},"_considerations":{"oneof":["considerations"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"modelParameters":{"type":"ModelParameters","id":2,"options":{"proto3_optional":true}},"quantitativeAnalysis":{"type":"QuantitativeAnalysis","id":3,"options":{"proto3_optional":true}},"considerations":{"type":"ModelCardConsiderations","id":4,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":5}},"nested":{"ModelParameters":{"oneofs":{"_approach":{"oneof":["approach"]},"_task":{"oneof":["task"]},"_architectureFamily":{"oneof":["architectureFamily"]},"_modelArchitecture":{"oneof":["modelArchitecture"]}},"fields":{"approach":{"type":"Approach","id":1,"options":{"proto3_optional":true}},"task":{"type":"string","id":2,"options":{"proto3_optional":true}},"architectureFamily":{"type":"string","id":3,"options":{"proto3_optional":true}},"modelArchitecture":{"type":"string","id":4,"options":{"proto3_optional":true}},"datasets":{"rule":"repeated","type":"Datasets","id":5},"inputs":{"rule":"repeated","type":"MachineLearningInputOutputParameters","id":6},"outputs":{"rule":"repeated","type":"MachineLearningInputOutputParameters","id":7}},"nested":{"Approach":{"oneofs":{"_type":{"oneof":["type"]}},"fields":{"type":{"type":"ModelParameterApproachType","id":1,"options":{"proto3_optional":true}}}},"Datasets":{"oneofs":{"choice":{"oneof":["dataset","ref"]}},"fields":{"dataset":{"type":"ComponentData","id":1},"ref":{"type":"string","id":2}}},"MachineLearningInputOutputParameters":{"oneofs":{"_format":{"oneof":["format"]}},"fields":{"format":{"type":"string","id":1,"options":{"proto3_optional":true}}}}}},"QuantitativeAnalysis":{"oneofs":{"_graphics":{"oneof":["graphics"]}},"fields":{"performanceMetrics":{"rule":"repeated","type":"PerformanceMetrics","id":1},"graphics":{"type":"GraphicsCollection","id":2,"options":{"proto3_optional":true}}},"nested":{"PerformanceMetrics":{"oneofs":{"_type":{"oneof":["type"]},"_value":{"oneof":["value"]},"_slice":{"oneof":["slice"]},"_confidenceInterval":{"oneof":["confidenceInterval"]}},"fields":{"type":{"type":"string","id":1,"options":{"proto3_optional":true}},"value":{"type":"string","id":2,"options":{"proto3_optional":true}},"slice":{"type":"string","id":3,"options":{"proto3_optional":true}},"confidenceInterval":{"type":"ConfidenceInterval","id":4,"options":{"proto3_optional":true}}},"nested":{"ConfidenceInterval":{"oneofs":{"_lowerBound":{"oneof":["lowerBound"]},"_upperBound":{"oneof":["upperBound"]}},"fields":{"lowerBound":{"type":"string","id":1,"options":{"proto3_optional":true}},"upperBound":{"type":"string","id":2,"options":{"proto3_optional":true}}}}}}}},"ModelCardConsiderations":{"oneofs":{"_environmentalConsiderations":{"oneof":["environmentalConsiderations"]}},"fields":{"users":{"rule":"repeated","type":"string","id":1},"useCases":{"rule":"repeated","type":"string","id":2},"technicalLimitations":{"rule":"repeated","type":"string","id":3},"performanceTradeoffs":{"rule":"repeated","type":"string","id":4},"ethicalConsiderations":{"rule":"repeated","type":"EthicalConsiderations","id":5},"fairnessAssessments":{"rule":"repeated","type":"FairnessAssessments","id":6},"environmentalConsiderations":{"type":"EnvironmentalConsiderations","id":7,"options":{"proto3_optional":true}}},"nested":{"EthicalConsiderations":{"oneofs":{"_name":{"oneof":["name"]},"_mitigationStrategy":{"oneof":["mitigationStrategy"]}},"fields":{"name":{"type":"string","id":1,"options":{"proto3_optional":true}},"mitigationStrategy":{"type":"string","id":2,"options":{"proto3_optional":true}}}},"FairnessAssessments":{"oneofs":{"_groupAtRisk":{"oneof":["groupAtRisk"]},"_benefits":{"oneof":["benefits"]},"_harms":{"oneof":["harms"]},"_mitigationStrategy":{"oneof":["mitigationStrategy"]}},"fields":{"groupAtRisk":{"type":"string","id":1,"options":{"proto3_optional":true}},"benefits":{"type":"string","id":2,"options":{"proto3_optional":true}},"harms":{"type":"string","id":3,"options":{"proto3_optional":true}},"mitigationStrategy":{"type":"string","id":4,"options":{"proto3_optional":true}}}},"EnvironmentalConsiderations":{"fields":{"energyConsumptions":{"rule":"repeated","type":"EnergyConsumption","id":1},"properties":{"rule":"repeated","type":"Property","id":2}}},"EnergyConsumption":{"oneofs":{"_co2CostEquivalent":{"oneof":["co2CostEquivalent"]},"_co2CostOffset":{"oneof":["co2CostOffset"]}},"fields":{"activity":{"type":"ActivityType","id":1},"energyProviders":{"rule":"repeated","type":"EnergyProviderType","id":2},"activityEnergyCost":{"type":"EnergyMeasureType","id":3},"co2CostEquivalent":{"type":"CO2MeasureType","id":4,"options":{"proto3_optional":true}},"co2CostOffset":{"type":"CO2MeasureType","id":5,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":6}},"nested":{"ActivityType":{"values":{"ACTIVITY_TYPE_UNSPECIFIED":0,"ACTIVITY_TYPE_OTHER":1,"ACTIVITY_TYPE_DESIGN":2,"ACTIVITY_TYPE_DATA_COLLECTION":3,"ACTIVITY_TYPE_DATA_PREPARATION":4,"ACTIVITY_TYPE_TRAINING":5,"ACTIVITY_TYPE_FINE_TUNING":6,"ACTIVITY_TYPE_VALIDATION":7,"ACTIVITY_TYPE_DEPLOYMENT":8,"ACTIVITY_TYPE_INFERENCE":9}}}}}}}},"EnergyProviderType":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"description":{"type":"string","id":2},"organization":{"type":"OrganizationalEntity","id":3},"energySource":{"type":"EnergySourceType","id":4},"energyProvided":{"type":"EnergyMeasureType","id":5},"external_references":{"rule":"repeated","type":"ExternalReference","id":6}},"nested":{"EnergySourceType":{"values":{"ENERGY_SOURCE_TYPE_UNSPECIFIED":0,"ENERGY_SOURCE_TYPE_UNKNOWN":1,"ENERGY_SOURCE_TYPE_OTHER":2,"ENERGY_SOURCE_TYPE_COAL":3,"ENERGY_SOURCE_TYPE_OIL":4,"ENERGY_SOURCE_TYPE_NATURAL_GAS":5,"ENERGY_SOURCE_TYPE_NUCLEAR":6,"ENERGY_SOURCE_TYPE_WIND":7,"ENERGY_SOURCE_TYPE_SOLAR":8,"ENERGY_SOURCE_TYPE_GEOTHERMAL":9,"ENERGY_SOURCE_TYPE_HYDROPOWER":10,"ENERGY_SOURCE_TYPE_BIOFUEL":11}}}},"EnergyMeasureType":{"fields":{"value":{"type":"float","id":1},"unit":{"type":"EnergyMeasureUnitType","id":2}},"nested":{"EnergyMeasureUnitType":{"values":{"ENERGY_MEASURE_UNIT_TYPE_UNSPECIFIED":0,"ENERGY_MEASURE_UNIT_TYPE_KILOWATT_HOURS":1}}}},"CO2MeasureType":{"fields":{"value":{"type":"float","id":1},"unit":{"type":"CO2MeasureUnitType","id":2}},"nested":{"CO2MeasureUnitType":{"values":{"CO2_MEASURE_UNIT_TYPE_UNSPECIFIED":0,"CO2_MEASURE_UNIT_TYPE_TONNES_CO2_EQUIVALENT":1}}}},"PostalAddressType":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_country":{"oneof":["country"]},"_region":{"oneof":["region"]},"_locality":{"oneof":["locality"]},"_postOfficeBoxNumber":{"oneof":["postOfficeBoxNumber"]},"_postalCodeue":{"oneof":["postalCodeue"]},"_streetAddress":{"oneof":["streetAddress"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"country":{"type":"string","id":2,"options":{"proto3_optional":true}},"region":{"type":"string","id":3,"options":{"proto3_optional":true}},"locality":{"type":"string","id":4,"options":{"proto3_optional":true}},"postOfficeBoxNumber":{"type":"string","id":5,"options":{"proto3_optional":true}},"postalCodeue":{"type":"string","id":6,"options":{"proto3_optional":true}},"streetAddress":{"type":"string","id":7,"options":{"proto3_optional":true}}}},"ModelParameterApproachType":{"values":{"MODEL_PARAMETER_APPROACH_TYPE_SUPERVISED":0,"MODEL_PARAMETER_APPROACH_TYPE_UNSUPERVISED":1,"MODEL_PARAMETER_APPROACH_TYPE_REINFORCED_LEARNING":2,"MODEL_PARAMETER_APPROACH_TYPE_SEMI_SUPERVISED":3,"MODEL_PARAMETER_APPROACH_TYPE_SELF_SUPERVISED":4}},"ComponentData":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_name":{"oneof":["name"]},"_contents":{"oneof":["contents"]},"_classification":{"oneof":["classification"]},"_graphics":{"oneof":["graphics"]},"_description":{"oneof":["description"]},"_governance":{"oneof":["governance"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"type":{"type":"ComponentDataType","id":2},"name":{"type":"string","id":3,"options":{"proto3_optional":true}},"contents":{"type":"ComponentDataContents","id":4,"options":{"proto3_optional":true}},"classification":{"type":"string","id":5,"options":{"proto3_optional":true}},"sensitiveData":{"rule":"repeated","type":"string","id":6},"graphics":{"type":"GraphicsCollection","id":7,"options":{"proto3_optional":true}},"description":{"type":"string","id":8,"options":{"proto3_optional":true}},"governance":{"type":"DataGovernance","id":9,"options":{"proto3_optional":true}}},"nested":{"ComponentDataContents":{"oneofs":{"_attachment":{"oneof":["attachment"]},"_url":{"oneof":["url"]}},"fields":{"attachment":{"type":"AttachedText","id":1,"options":{"proto3_optional":true}},"url":{"type":"string","id":2,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":3}}}}},"DataGovernance":{"fields":{"custodians":{"rule":"repeated","type":"DataGovernanceResponsibleParty","id":1},"stewards":{"rule":"repeated","type":"DataGovernanceResponsibleParty","id":2},"owners":{"rule":"repeated","type":"DataGovernanceResponsibleParty","id":3}},"nested":{"DataGovernanceResponsibleParty":{"oneofs":{"choice":{"oneof":["organization","contact"]}},"fields":{"organization":{"type":"OrganizationalEntity","id":1},"contact":{"type":"OrganizationalContact","id":2}}}}},"ComponentDataType":{"values":{"COMPONENT_DATA_TYPE_SOURCE_CODE":0,"COMPONENT_DATA_TYPE_CONFIGURATION":1,"COMPONENT_DATA_TYPE_DATASET":2,"COMPONENT_DATA_TYPE_DEFINITION":3,"COMPONENT_DATA_TYPE_OTHER":4}},"GraphicsCollection":{"oneofs":{"_description":{"oneof":["description"]}},"fields":{"description":{"type":"string","id":1,"options":{"proto3_optional":true}},"graphic":{"rule":"repeated","type":"Graphic","id":2}},"nested":{"Graphic":{"oneofs":{"_name":{"oneof":["name"]},"_image":{"oneof":["image"]}},"fields":{"name":{"type":"string","id":1,"options":{"proto3_optional":true}},"image":{"type":"AttachedText","id":2,"options":{"proto3_optional":true}}}}}},"Formula":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"components":{"rule":"repeated","type":"Component","id":2},"services":{"rule":"repeated","type":"Service","id":3},"workflows":{"rule":"repeated","type":"Workflow","id":4},"properties":{"rule":"repeated","type":"Property","id":5}}},"Workflow":{"oneofs":{"_name":{"oneof":["name"]},"_description":{"oneof":["description"]},"_trigger":{"oneof":["trigger"]},"_timeStart":{"oneof":["timeStart"]},"_timeEnd":{"oneof":["timeEnd"]}},"fields":{"bom_ref":{"type":"string","id":1},"uid":{"type":"string","id":2},"name":{"type":"string","id":3,"options":{"proto3_optional":true}},"description":{"type":"string","id":4,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":5},"resourceReferences":{"rule":"repeated","type":"ResourceReferenceChoice","id":6},"tasks":{"rule":"repeated","type":"Task","id":7},"taskDependencies":{"rule":"repeated","type":"Dependency","id":8},"taskTypes":{"rule":"repeated","type":"TaskType","id":9},"trigger":{"type":"Trigger","id":10,"options":{"proto3_optional":true}},"steps":{"rule":"repeated","type":"Step","id":11},"inputs":{"rule":"repeated","type":"InputType","id":12},"outputs":{"rule":"repeated","type":"OutputType","id":13},"timeStart":{"type":"google.protobuf.Timestamp","id":14,"options":{"proto3_optional":true}},"timeEnd":{"type":"google.protobuf.Timestamp","id":15,"options":{"proto3_optional":true}},"workspaces":{"rule":"repeated","type":"Workspace","id":16},"runtimeTopology":{"rule":"repeated","type":"Dependency","id":17}}},"Task":{"oneofs":{"_name":{"oneof":["name"]},"_description":{"oneof":["description"]},"_trigger":{"oneof":["trigger"]},"_timeStart":{"oneof":["timeStart"]},"_timeEnd":{"oneof":["timeEnd"]}},"fields":{"bom_ref":{"type":"string","id":1},"uid":{"type":"string","id":2},"name":{"type":"string","id":3,"options":{"proto3_optional":true}},"description":{"type":"string","id":4,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":5},"resourceReferences":{"rule":"repeated","type":"ResourceReferenceChoice","id":6},"taskTypes":{"rule":"repeated","type":"TaskType","id":7},"trigger":{"type":"Trigger","id":8,"options":{"proto3_optional":true}},"steps":{"rule":"repeated","type":"Step","id":9},"inputs":{"rule":"repeated","type":"InputType","id":10},"outputs":{"rule":"repeated","type":"OutputType","id":11},"timeStart":{"type":"google.protobuf.Timestamp","id":14,"options":{"proto3_optional":true}},"timeEnd":{"type":"google.protobuf.Timestamp","id":15,"options":{"proto3_optional":true}},"workspaces":{"rule":"repeated","type":"Workspace","id":16},"runtimeTopology":{"rule":"repeated","type":"Dependency","id":17}}},"Step":{"oneofs":{"_name":{"oneof":["name"]},"_description":{"oneof":["description"]}},"fields":{"name":{"type":"string","id":1,"options":{"proto3_optional":true}},"description":{"type":"string","id":2,"options":{"proto3_optional":true}},"commands":{"rule":"repeated","type":"Command","id":3},"properties":{"rule":"repeated","type":"Property","id":4}}},"Command":{"oneofs":{"_executed":{"oneof":["executed"]}},"fields":{"executed":{"type":"string","id":1,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":2}}},"Workspace":{"oneofs":{"_name":{"oneof":["name"]},"_description":{"oneof":["description"]},"_accessMode":{"oneof":["accessMode"]},"_mountPath":{"oneof":["mountPath"]},"_managedDataType":{"oneof":["managedDataType"]},"_volumeRequest":{"oneof":["volumeRequest"]},"_volume":{"oneof":["volume"]}},"fields":{"bom_ref":{"type":"string","id":1},"uid":{"type":"string","id":2},"name":{"type":"string","id":3,"options":{"proto3_optional":true}},"aliases":{"rule":"repeated","type":"string","id":4},"description":{"type":"string","id":5,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":6},"resourceReferences":{"rule":"repeated","type":"ResourceReferenceChoice","id":7},"accessMode":{"type":"AccessMode","id":8,"options":{"proto3_optional":true}},"mountPath":{"type":"string","id":9,"options":{"proto3_optional":true}},"managedDataType":{"type":"string","id":10,"options":{"proto3_optional":true}},"volumeRequest":{"type":"string","id":11,"options":{"proto3_optional":true}},"volume":{"type":"Volume","id":12,"options":{"proto3_optional":true}}},"nested":{"AccessMode":{"values":{"ACCESS_MODE_READ_ONLY":0,"ACCESS_MODE_READ_WRITE":1,"ACCESS_MODE_READ_WRITE_ONCE":2,"ACCESS_MODE_WRITE_ONCE":3,"ACCESS_MODE_WRITE_ONLY":4}}}},"Volume":{"oneofs":{"_uid":{"oneof":["uid"]},"_name":{"oneof":["name"]},"_mode":{"oneof":["mode"]},"_path":{"oneof":["path"]},"_sizeAllocated":{"oneof":["sizeAllocated"]},"_persistent":{"oneof":["persistent"]},"_remote":{"oneof":["remote"]}},"fields":{"uid":{"type":"string","id":1,"options":{"proto3_optional":true}},"name":{"type":"string","id":2,"options":{"proto3_optional":true}},"mode":{"type":"VolumeMode","id":3,"options":{"proto3_optional":true}},"path":{"type":"string","id":4,"options":{"proto3_optional":true}},"sizeAllocated":{"type":"string","id":5,"options":{"proto3_optional":true}},"persistent":{"type":"bool","id":6,"options":{"proto3_optional":true}},"remote":{"type":"bool","id":7,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":8}},"nested":{"VolumeMode":{"values":{"VOLUME_MODE_FILESYSTEM":0,"VOLUME_MODE_BLOCK":1}}}},"Trigger":{"oneofs":{"_name":{"oneof":["name"]},"_description":{"oneof":["description"]},"_event":{"oneof":["event"]},"_timeActivated":{"oneof":["timeActivated"]}},"fields":{"bom_ref":{"type":"string","id":1},"uid":{"type":"string","id":2},"name":{"type":"string","id":3,"options":{"proto3_optional":true}},"description":{"type":"string","id":4,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":5},"resourceReferences":{"rule":"repeated","type":"ResourceReferenceChoice","id":6},"type":{"type":"TriggerType","id":7},"event":{"type":"Event","id":8,"options":{"proto3_optional":true}},"conditions":{"rule":"repeated","type":"Condition","id":9},"timeActivated":{"type":"google.protobuf.Timestamp","id":10,"options":{"proto3_optional":true}},"inputs":{"rule":"repeated","type":"InputType","id":11},"outputs":{"rule":"repeated","type":"OutputType","id":12}},"nested":{"TriggerType":{"values":{"TRIGGER_TYPE_MANUAL":0,"TRIGGER_TYPE_API":1,"TRIGGER_TYPE_WEBHOOK":2,"TRIGGER_TYPE_SCHEDULED":3}}}},"Event":{"oneofs":{"_uid":{"oneof":["uid"]},"_description":{"oneof":["description"]},"_timeReceived":{"oneof":["timeReceived"]},"_data":{"oneof":["data"]},"_source":{"oneof":["source"]},"_target":{"oneof":["target"]}},"fields":{"uid":{"type":"string","id":1,"options":{"proto3_optional":true}},"description":{"type":"string","id":2,"options":{"proto3_optional":true}},"timeReceived":{"type":"google.protobuf.Timestamp","id":3,"options":{"proto3_optional":true}},"data":{"type":"AttachedText","id":4,"options":{"proto3_optional":true}},"source":{"type":"ResourceReferenceChoice","id":5,"options":{"proto3_optional":true}},"target":{"type":"ResourceReferenceChoice","id":6,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":7}}},"InputType":{"oneofs":{"_source":{"oneof":["source"]},"_target":{"oneof":["target"]},"_resource":{"oneof":["resource"]},"_data":{"oneof":["data"]}},"fields":{"source":{"type":"ResourceReferenceChoice","id":1,"options":{"proto3_optional":true}},"target":{"type":"ResourceReferenceChoice","id":2,"options":{"proto3_optional":true}},"resource":{"type":"ResourceReferenceChoice","id":3,"options":{"proto3_optional":true}},"parameters":{"rule":"repeated","type":"Parameter","id":4},"environmentVars":{"rule":"repeated","type":"EnvironmentVars","id":5},"data":{"type":"AttachedText","id":6,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":7}}},"OutputType":{"oneofs":{"_type":{"oneof":["type"]},"_source":{"oneof":["source"]},"_target":{"oneof":["target"]},"_resource":{"oneof":["resource"]},"_data":{"oneof":["data"]}},"fields":{"type":{"type":"OutputTypeType","id":1,"options":{"proto3_optional":true}},"source":{"type":"ResourceReferenceChoice","id":2,"options":{"proto3_optional":true}},"target":{"type":"ResourceReferenceChoice","id":3,"options":{"proto3_optional":true}},"resource":{"type":"ResourceReferenceChoice","id":4,"options":{"proto3_optional":true}},"data":{"type":"AttachedText","id":5,"options":{"proto3_optional":true}},"environmentVars":{"rule":"repeated","type":"EnvironmentVars","id":6},"properties":{"rule":"repeated","type":"Property","id":7}},"nested":{"OutputTypeType":{"values":{"OUTPUT_TYPE_ARTIFACT":0,"OUTPUT_TYPE_ATTESTATION":1,"OUTPUT_TYPE_LOG":2,"OUTPUT_TYPE_EVIDENCE":3,"OUTPUT_TYPE_METRICS":4,"OUTPUT_TYPE_OTHER":5}}}},"ResourceReferenceChoice":{"oneofs":{"choice":{"oneof":["ref","externalReference"]}},"fields":{"ref":{"type":"string","id":1},"externalReference":{"type":"ExternalReference","id":2}}},"Condition":{"oneofs":{"_description":{"oneof":["description"]},"_expression":{"oneof":["expression"]}},"fields":{"description":{"type":"string","id":1,"options":{"proto3_optional":true}},"expression":{"type":"string","id":2,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":3}}},"TaskType":{"values":{"TASK_TYPE_COPY":0,"TASK_TYPE_CLONE":1,"TASK_TYPE_LINT":2,"TASK_TYPE_SCAN":3,"TASK_TYPE_MERGE":4,"TASK_TYPE_BUILD":5,"TASK_TYPE_TEST":6,"TASK_TYPE_DELIVER":7,"TASK_TYPE_DEPLOY":8,"TASK_TYPE_RELEASE":9,"TASK_TYPE_CLEAN":10,"TASK_TYPE_OTHER":11}},"Parameter":{"oneofs":{"_name":{"oneof":["name"]},"_value":{"oneof":["value"]},"_dataType":{"oneof":["dataType"]}},"fields":{"name":{"type":"string","id":1,"options":{"proto3_optional":true}},"value":{"type":"string","id":2,"options":{"proto3_optional":true}},"dataType":{"type":"string","id":3,"options":{"proto3_optional":true}}}},"EnvironmentVars":{"oneofs":{"choice":{"oneof":["property","value"]}},"fields":{"property":{"type":"Property","id":1},"value":{"type":"string","id":2}}},"Declarations":{"oneofs":{"_targets":{"oneof":["targets"]},"_affirmation":{"oneof":["affirmation"]}},"fields":{"assessors":{"rule":"repeated","type":"Assessor","id":1},"attestations":{"rule":"repeated","type":"Attestation","id":2},"claims":{"rule":"repeated","type":"Claim","id":3},"evidence":{"rule":"repeated","type":"Evidence","id":4},"targets":{"type":"Targets","id":5,"options":{"proto3_optional":true}},"affirmation":{"type":"Affirmation","id":6,"options":{"proto3_optional":true}}},"nested":{"Assessor":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_thirdParty":{"oneof":["thirdParty"]},"_organization":{"oneof":["organization"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"thirdParty":{"type":"bool","id":2,"options":{"proto3_optional":true}},"organization":{"type":"OrganizationalEntity","id":3,"options":{"proto3_optional":true}}}},"Attestation":{"oneofs":{"_summary":{"oneof":["summary"]},"_assessor":{"oneof":["assessor"]}},"fields":{"summary":{"type":"string","id":1,"options":{"proto3_optional":true}},"assessor":{"type":"string","id":2,"options":{"proto3_optional":true}},"map":{"rule":"repeated","type":"AttestationMap","id":3}},"nested":{"AttestationMap":{"oneofs":{"_requirement":{"oneof":["requirement"]},"_conformance":{"oneof":["conformance"]},"_confidence":{"oneof":["confidence"]}},"fields":{"requirement":{"type":"string","id":1,"options":{"proto3_optional":true}},"claims":{"rule":"repeated","type":"string","id":2},"counterClaims":{"rule":"repeated","type":"string","id":3},"conformance":{"type":"AttestationConformance","id":4,"options":{"proto3_optional":true}},"confidence":{"type":"AttestationConfidence","id":5,"options":{"proto3_optional":true}}},"nested":{"AttestationConformance":{"oneofs":{"_score":{"oneof":["score"]},"_rationale":{"oneof":["rationale"]}},"fields":{"score":{"type":"double","id":1,"options":{"proto3_optional":true}},"rationale":{"type":"string","id":2,"options":{"proto3_optional":true}},"mitigationStrategies":{"rule":"repeated","type":"string","id":3}}},"AttestationConfidence":{"oneofs":{"_score":{"oneof":["score"]},"_rationale":{"oneof":["rationale"]}},"fields":{"score":{"type":"double","id":1,"options":{"proto3_optional":true}},"rationale":{"type":"string","id":2,"options":{"proto3_optional":true}}}}}}}},"Claim":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_target":{"oneof":["target"]},"_predicate":{"oneof":["predicate"]},"_reasoning":{"oneof":["reasoning"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"target":{"type":"string","id":2,"options":{"proto3_optional":true}},"predicate":{"type":"string","id":3,"options":{"proto3_optional":true}},"mitigationStrategies":{"rule":"repeated","type":"string","id":4},"reasoning":{"type":"string","id":5,"options":{"proto3_optional":true}},"evidence":{"rule":"repeated","type":"string","id":6},"counterEvidence":{"rule":"repeated","type":"string","id":7},"externalReferences":{"rule":"repeated","type":"ExternalReference","id":8}}},"Evidence":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_propertyName":{"oneof":["propertyName"]},"_description":{"oneof":["description"]},"_created":{"oneof":["created"]},"_expires":{"oneof":["expires"]},"_author":{"oneof":["author"]},"_reviewer":{"oneof":["reviewer"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"propertyName":{"type":"string","id":2,"options":{"proto3_optional":true}},"description":{"type":"string","id":3,"options":{"proto3_optional":true}},"data":{"rule":"repeated","type":"Data","id":4},"created":{"type":"google.protobuf.Timestamp","id":5,"options":{"proto3_optional":true}},"expires":{"type":"google.protobuf.Timestamp","id":6,"options":{"proto3_optional":true}},"author":{"type":"OrganizationalContact","id":7,"options":{"proto3_optional":true}},"reviewer":{"type":"OrganizationalContact","id":8,"options":{"proto3_optional":true}}},"nested":{"Data":{"oneofs":{"_name":{"oneof":["name"]},"_contents":{"oneof":["contents"]},"_classification":{"oneof":["classification"]},"_governance":{"oneof":["governance"]}},"fields":{"name":{"type":"string","id":1,"options":{"proto3_optional":true}},"contents":{"type":"Contents","id":2,"options":{"proto3_optional":true}},"classification":{"type":"string","id":3,"options":{"proto3_optional":true}},"sensitiveData":{"rule":"repeated","type":"string","id":4},"governance":{"type":"DataGovernance","id":5,"options":{"proto3_optional":true}}},"nested":{"Contents":{"oneofs":{"_attachment":{"oneof":["attachment"]},"_url":{"oneof":["url"]}},"fields":{"attachment":{"type":"AttachedText","id":1,"options":{"proto3_optional":true}},"url":{"type":"string","id":2,"options":{"proto3_optional":true}}}}}}}},"Targets":{"fields":{"organizations":{"rule":"repeated","type":"OrganizationalEntity","id":1},"components":{"rule":"repeated","type":"Component","id":2},"services":{"rule":"repeated","type":"Service","id":3}}},"Affirmation":{"oneofs":{"_statement":{"oneof":["statement"]}},"fields":{"statement":{"type":"string","id":1,"options":{"proto3_optional":true}},"signatories":{"rule":"repeated","type":"Signatory","id":2}},"nested":{"Signatory":{"oneofs":{"_name":{"oneof":["name"]},"_role":{"oneof":["role"]},"_organization":{"oneof":["organization"]},"_externalReference":{"oneof":["externalReference"]}},"fields":{"name":{"type":"string","id":1,"options":{"proto3_optional":true}},"role":{"type":"string","id":2,"options":{"proto3_optional":true}},"organization":{"type":"OrganizationalEntity","id":3,"options":{"proto3_optional":true}},"externalReference":{"type":"ExternalReference","id":4,"options":{"proto3_optional":true}}}}}}}},"Definition":{"fields":{"standards":{"rule":"repeated","type":"Standard","id":1}},"nested":{"Standard":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_name":{"oneof":["name"]},"_version":{"oneof":["version"]},"_description":{"oneof":["description"]},"_owner":{"oneof":["owner"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"name":{"type":"string","id":2,"options":{"proto3_optional":true}},"version":{"type":"string","id":3,"options":{"proto3_optional":true}},"description":{"type":"string","id":4,"options":{"proto3_optional":true}},"owner":{"type":"string","id":5,"options":{"proto3_optional":true}},"requirements":{"rule":"repeated","type":"Requirement","id":6},"levels":{"rule":"repeated","type":"Level","id":7},"externalReferences":{"rule":"repeated","type":"ExternalReference","id":8}},"nested":{"Requirement":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_identifier":{"oneof":["identifier"]},"_title":{"oneof":["title"]},"_text":{"oneof":["text"]},"_parent":{"oneof":["parent"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"identifier":{"type":"string","id":2,"options":{"proto3_optional":true}},"title":{"type":"string","id":3,"options":{"proto3_optional":true}},"text":{"type":"string","id":4,"options":{"proto3_optional":true}},"descriptions":{"rule":"repeated","type":"string","id":5},"openCre":{"rule":"repeated","type":"string","id":6},"parent":{"type":"string","id":7,"options":{"proto3_optional":true}},"properties":{"rule":"repeated","type":"Property","id":8},"externalReferences":{"rule":"repeated","type":"ExternalReference","id":9}}},"Level":{"oneofs":{"_bom_ref":{"oneof":["bom_ref"]},"_identifier":{"oneof":["identifier"]},"_title":{"oneof":["title"]},"_description":{"oneof":["description"]}},"fields":{"bom_ref":{"type":"string","id":1,"options":{"proto3_optional":true}},"identifier":{"type":"string","id":2,"options":{"proto3_optional":true}},"title":{"type":"string","id":3,"options":{"proto3_optional":true}},"description":{"type":"string","id":4,"options":{"proto3_optional":true}},"requirements":{"rule":"repeated","type":"string","id":5}}}}}}},"CryptoProperties":{"oneofs":{"_algorithmProperties":{"oneof":["algorithmProperties"]},"_certificateProperties":{"oneof":["certificateProperties"]},"_relatedCryptoMaterialProperties":{"oneof":["relatedCryptoMaterialProperties"]},"_protocolProperties":{"oneof":["protocolProperties"]},"_oid":{"oneof":["oid"]}},"fields":{"assetType":{"type":"CryptoAssetType","id":1},"algorithmProperties":{"type":"AlgorithmProperties","id":2,"options":{"proto3_optional":true}},"certificateProperties":{"type":"CertificateProperties","id":3,"options":{"proto3_optional":true}},"relatedCryptoMaterialProperties":{"type":"RelatedCryptoMaterialProperties","id":4,"options":{"proto3_optional":true}},"protocolProperties":{"type":"ProtocolProperties","id":5,"options":{"proto3_optional":true}},"oid":{"type":"string","id":6,"options":{"proto3_optional":true}}},"nested":{"CryptoAssetType":{"values":{"CRYPTO_ASSET_TYPE_UNSPECIFIED":0,"CRYPTO_ASSET_TYPE_ALGORITHM":1,"CRYPTO_ASSET_TYPE_CERTIFICATE":2,"CRYPTO_ASSET_TYPE_PROTOCOL":3,"CRYPTO_ASSET_TYPE_RELATED_CRYPTO_MATERIAL":4}},"AlgorithmProperties":{"oneofs":{"_primitive":{"oneof":["primitive"]},"_parameterSetIdentifier":{"oneof":["parameterSetIdentifier"]},"_curve":{"oneof":["curve"]},"_executionEnvironment":{"oneof":["executionEnvironment"]},"_implementationPlatform":{"oneof":["implementationPlatform"]},"_mode":{"oneof":["mode"]},"_padding":{"oneof":["padding"]},"_classicalSecurityLevel":{"oneof":["classicalSecurityLevel"]},"_nistQuantumSecurityLevel":{"oneof":["nistQuantumSecurityLevel"]}},"fields":{"primitive":{"type":"CryptoPrimitive","id":1,"options":{"proto3_optional":true}},"parameterSetIdentifier":{"type":"string","id":2,"options":{"proto3_optional":true}},"curve":{"type":"string","id":3,"options":{"proto3_optional":true}},"executionEnvironment":{"type":"CryptoExecutionEnvironment","id":4,"options":{"proto3_optional":true}},"implementationPlatform":{"type":"CryptoImplementationPlatform","id":5,"options":{"proto3_optional":true}},"certificationLevel":{"rule":"repeated","type":"string","id":6},"mode":{"type":"CryptoAlgorithmMode","id":7,"options":{"proto3_optional":true}},"padding":{"type":"CryptoAlgorithmPadding","id":8,"options":{"proto3_optional":true}},"cryptoFunctions":{"rule":"repeated","type":"CryptoAlgorithmFunction","id":9},"classicalSecurityLevel":{"type":"int32","id":10,"options":{"proto3_optional":true}},"nistQuantumSecurityLevel":{"type":"int32","id":11,"options":{"proto3_optional":true}}},"nested":{"CryptoPrimitive":{"values":{"CRYPTO_PRIMITIVE_UNSPECIFIED":0,"CRYPTO_PRIMITIVE_UNKNOWN":1,"CRYPTO_PRIMITIVE_OTHER":2,"CRYPTO_PRIMITIVE_DRBG":3,"CRYPTO_PRIMITIVE_MAC":4,"CRYPTO_PRIMITIVE_BLOCK_CIPHER":5,"CRYPTO_PRIMITIVE_STREAM_CIPHER":6,"CRYPTO_PRIMITIVE_SIGNATURE":7,"CRYPTO_PRIMITIVE_HASH":8,"CRYPTO_PRIMITIVE_PKE":9,"CRYPTO_PRIMITIVE_XOF":10,"CRYPTO_PRIMITIVE_KDF":11,"CRYPTO_PRIMITIVE_KEY_AGREE":12,"CRYPTO_PRIMITIVE_KEM":13,"CRYPTO_PRIMITIVE_AE":14,"CRYPTO_PRIMITIVE_COMBINER":15}},"CryptoExecutionEnvironment":{"values":{"CRYPTO_EXECUTION_ENVIRONMENT_UNSPECIFIED":0,"CRYPTO_EXECUTION_ENVIRONMENT_UNKNOWN":1,"CRYPTO_EXECUTION_ENVIRONMENT_OTHER":2,"CRYPTO_EXECUTION_ENVIRONMENT_SOFTWARE_PLAIN_RAM":3,"CRYPTO_EXECUTION_ENVIRONMENT_SOFTWARE_ENCRYPTED_RAM":4,"CRYPTO_EXECUTION_ENVIRONMENT_SOFTWARE_TEE":5,"CRYPTO_EXECUTION_ENVIRONMENT_HARDWARE":6}},"CryptoImplementationPlatform":{"values":{"CRYPTO_IMPLEMENTATION_PLATFORM_UNSPECIFIED":0,"CRYPTO_IMPLEMENTATION_PLATFORM_UNKNOWN":1,"CRYPTO_IMPLEMENTATION_PLATFORM_OTHER":2,"CRYPTO_IMPLEMENTATION_PLATFORM_GENERIC":3,"CRYPTO_IMPLEMENTATION_PLATFORM_X86_32":4,"CRYPTO_IMPLEMENTATION_PLATFORM_X86_64":5,"CRYPTO_IMPLEMENTATION_PLATFORM_ARMV7A":6,"CRYPTO_IMPLEMENTATION_PLATFORM_ARMV7M":7,"CRYPTO_IMPLEMENTATION_PLATFORM_ARMV8A":8,"CRYPTO_IMPLEMENTATION_PLATFORM_ARMV8M":9,"CRYPTO_IMPLEMENTATION_PLATFORM_ARMV9A":10,"CRYPTO_IMPLEMENTATION_PLATFORM_ARMV9M":11,"CRYPTO_IMPLEMENTATION_PLATFORM_X390X":12,"CRYPTO_IMPLEMENTATION_PLATFORM_PPC64":13,"CRYPTO_IMPLEMENTATION_PLATFORM_PPC64LE":14}},"CryptoAlgorithmMode":{"values":{"CRYPTO_ALGORITHM_MODE_UNSPECIFIED":0,"CRYPTO_ALGORITHM_MODE_UNKNOWN":1,"CRYPTO_ALGORITHM_MODE_OTHER":2,"CRYPTO_ALGORITHM_MODE_CBC":3,"CRYPTO_ALGORITHM_MODE_ECB":4,"CRYPTO_ALGORITHM_MODE_CCM":5,"CRYPTO_ALGORITHM_MODE_GCM":6,"CRYPTO_ALGORITHM_MODE_CFB":7,"CRYPTO_ALGORITHM_MODE_OFB":8,"CRYPTO_ALGORITHM_MODE_CTR":9}},"CryptoAlgorithmPadding":{"values":{"CRYPTO_ALGORITHM_PADDING_UNSPECIFIED":0,"CRYPTO_ALGORITHM_PADDING_UNKNOWN":1,"CRYPTO_ALGORITHM_PADDING_OTHER":2,"CRYPTO_ALGORITHM_PADDING_PKCS5":3,"CRYPTO_ALGORITHM_PADDING_PKCS7":4,"CRYPTO_ALGORITHM_PADDING_PKCS1V15":5,"CRYPTO_ALGORITHM_PADDING_OAEP":6,"CRYPTO_ALGORITHM_PADDING_RAW":7}},"CryptoAlgorithmFunction":{"values":{"CRYPTO_ALGORITHM_FUNCTION_UNSPECIFIED":0,"CRYPTO_ALGORITHM_FUNCTION_UNKNOWN":1,"CRYPTO_ALGORITHM_FUNCTION_OTHER":2,"CRYPTO_ALGORITHM_FUNCTION_GENERATE":3,"CRYPTO_ALGORITHM_FUNCTION_KEYGEN":4,"CRYPTO_ALGORITHM_FUNCTION_ENCRYPT":5,"CRYPTO_ALGORITHM_FUNCTION_DECRYPT":6,"CRYPTO_ALGORITHM_FUNCTION_DIGEST":7,"CRYPTO_ALGORITHM_FUNCTION_TAG":8,"CRYPTO_ALGORITHM_FUNCTION_KEYDERIVE":9,"CRYPTO_ALGORITHM_FUNCTION_SIGN":10,"CRYPTO_ALGORITHM_FUNCTION_VERIFY":11,"CRYPTO_ALGORITHM_FUNCTION_ENCAPSULATE":12,"CRYPTO_ALGORITHM_FUNCTION_DECAPSULATE":13}}}},"CertificateProperties":{"oneofs":{"_subjectName":{"oneof":["subjectName"]},"_issuerName":{"oneof":["issuerName"]},"_notValidBefore":{"oneof":["notValidBefore"]},"_notValidAfter":{"oneof":["notValidAfter"]},"_signatureAlgorithmRef":{"oneof":["signatureAlgorithmRef"]},"_subjectPublicKeyRef":{"oneof":["subjectPublicKeyRef"]},"_certificateFormat":{"oneof":["certificateFormat"]},"_certificateExtension":{"oneof":["certificateExtension"]}},"fields":{"subjectName":{"type":"string","id":1,"options":{"proto3_optional":true}},"issuerName":{"type":"string","id":2,"options":{"proto3_optional":true}},"notValidBefore":{"type":"google.protobuf.Timestamp","id":3,"options":{"proto3_optional":true}},"notValidAfter":{"type":"google.protobuf.Timestamp","id":4,"options":{"proto3_optional":true}},"signatureAlgorithmRef":{"type":"string","id":5,"options":{"proto3_optional":true}},"subjectPublicKeyRef":{"type":"string","id":6,"options":{"proto3_optional":true}},"certificateFormat":{"type":"string","id":7,"options":{"proto3_optional":true}},"certificateExtension":{"type":"string","id":8,"options":{"proto3_optional":true}}}},"RelatedCryptoMaterialProperties":{"oneofs":{"_type":{"oneof":["type"]},"_id":{"oneof":["id"]},"_state":{"oneof":["state"]},"_algorithmRef":{"oneof":["algorithmRef"]},"_creationDate":{"oneof":["creationDate"]},"_activationDate":{"oneof":["activationDate"]},"_updateDate":{"oneof":["updateDate"]},"_expirationDate":{"oneof":["expirationDate"]},"_value":{"oneof":["value"]},"_size":{"oneof":["size"]},"_format":{"oneof":["format"]},"_securedBy":{"oneof":["securedBy"]}},"fields":{"type":{"type":"CryptoRelatedType","id":1,"options":{"proto3_optional":true}},"id":{"type":"string","id":2,"options":{"proto3_optional":true}},"state":{"type":"CryptoRelatedState","id":3,"options":{"proto3_optional":true}},"algorithmRef":{"type":"string","id":4,"options":{"proto3_optional":true}},"creationDate":{"type":"google.protobuf.Timestamp","id":5,"options":{"proto3_optional":true}},"activationDate":{"type":"google.protobuf.Timestamp","id":6,"options":{"proto3_optional":true}},"updateDate":{"type":"google.protobuf.Timestamp","id":7,"options":{"proto3_optional":true}},"expirationDate":{"type":"google.protobuf.Timestamp","id":8,"options":{"proto3_optional":true}},"value":{"type":"string","id":9,"options":{"proto3_optional":true}},"size":{"type":"int64","id":10,"options":{"proto3_optional":true}},"format":{"type":"string","id":11,"options":{"proto3_optional":true}},"securedBy":{"type":"CryptoRelatedSecuredBy","id":12,"options":{"proto3_optional":true}}},"nested":{"CryptoRelatedType":{"values":{"CRYPTO_RELATED_TYPE_UNSPECIFIED":0,"CRYPTO_RELATED_TYPE_UNKNOWN":1,"CRYPTO_RELATED_TYPE_OTHER":2,"CRYPTO_RELATED_TYPE_PRIVATE_KEY":3,"CRYPTO_RELATED_TYPE_PUBLIC_KEY":4,"CRYPTO_RELATED_TYPE_SECRET_KEY":5,"CRYPTO_RELATED_TYPE_KEY":6,"CRYPTO_RELATED_TYPE_CIPHERTEXT":7,"CRYPTO_RELATED_TYPE_SIGNATURE":8,"CRYPTO_RELATED_TYPE_DIGEST":9,"CRYPTO_RELATED_TYPE_INITIALIZATION_VECTOR":10,"CRYPTO_RELATED_TYPE_NONCE":11,"CRYPTO_RELATED_TYPE_SEED":12,"CRYPTO_RELATED_TYPE_SALT":13,"CRYPTO_RELATED_TYPE_SHARED_SECRET":14,"CRYPTO_RELATED_TYPE_TAG":15,"CRYPTO_RELATED_TYPE_ADDITIONAL_DATA":16,"CRYPTO_RELATED_TYPE_PASSWORD":17,"CRYPTO_RELATED_TYPE_CREDENTIAL":18,"CRYPTO_RELATED_TYPE_TOKEN":19}},"CryptoRelatedState":{"values":{"CRYPTO_RELATED_STATE_UNSPECIFIED":0,"CRYPTO_RELATED_STATE_PRE_ACTIVATION":1,"CRYPTO_RELATED_STATE_ACTIVE":2,"CRYPTO_RELATED_STATE_SUSPENDED":3,"CRYPTO_RELATED_STATE_DEACTIVATED":4,"CRYPTO_RELATED_STATE_COMPROMISED":5,"CRYPTO_RELATED_STATE_DESTROYED":6}},"CryptoRelatedSecuredBy":{"oneofs":{"_mechanism":{"oneof":["mechanism"]},"_algorithmRef":{"oneof":["algorithmRef"]}},"fields":{"mechanism":{"type":"string","id":1,"options":{"proto3_optional":true}},"algorithmRef":{"type":"string","id":2,"options":{"proto3_optional":true}}}}}},"ProtocolProperties":{"oneofs":{"_type":{"oneof":["type"]},"_version":{"oneof":["version"]},"_ikev2TransformTypes":{"oneof":["ikev2TransformTypes"]}},"fields":{"type":{"type":"CryptoProtocolType","id":1,"options":{"proto3_optional":true}},"version":{"type":"string","id":2,"options":{"proto3_optional":true}},"cipherSuites":{"rule":"repeated","type":"CryptoProtocolCipherSuite","id":3},"ikev2TransformTypes":{"type":"Ikev2TransformTypes","id":4,"options":{"proto3_optional":true}},"cryptoRef":{"rule":"repeated","type":"string","id":5}},"nested":{"CryptoProtocolType":{"values":{"CRYPTO_PROTOCOL_TYPE_UNSPECIFIED":0,"CRYPTO_PROTOCOL_TYPE_UNKNOWN":1,"CRYPTO_PROTOCOL_TYPE_OTHER":2,"CRYPTO_PROTOCOL_TYPE_TLS":3,"CRYPTO_PROTOCOL_TYPE_SSH":4,"CRYPTO_PROTOCOL_TYPE_IPSEC":5,"CRYPTO_PROTOCOL_TYPE_IKE":6,"CRYPTO_PROTOCOL_TYPE_SSTP":7,"CRYPTO_PROTOCOL_TYPE_WPA":8}},"CryptoProtocolCipherSuite":{"oneofs":{"_name":{"oneof":["name"]}},"fields":{"name":{"type":"string","id":1,"options":{"proto3_optional":true}},"algorithms":{"rule":"repeated","type":"string","id":2},"identifiers":{"rule":"repeated","type":"string","id":3}}},"Ikev2TransformTypes":{"oneofs":{"_esn":{"oneof":["esn"]}},"fields":{"encr":{"rule":"repeated","type":"string","id":1},"prf":{"rule":"repeated","type":"string","id":2},"integ":{"rule":"repeated","type":"string","id":3},"ke":{"rule":"repeated","type":"string","id":4},"esn":{"type":"bool","id":5,"options":{"proto3_optional":true}},"auth":{"rule":"repeated","type":"string","id":6}}}}}}}}}}}}}');

// packages/sbom/src/writers/cyclonedx-proto.ts
var bomType;
function BomType() {
  bomType ??= import_protobufjs.default.Root.fromJSON(BOM_1_6_PROTO_JSON).lookupType("cyclonedx.v1_6.Bom");
  return bomType;
}
__name(BomType, "BomType");
function isRecord3(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord3, "isRecord");
function classification(type) {
  return `CLASSIFICATION_${String(type).toUpperCase().replace(/-/g, "_")}`;
}
__name(classification, "classification");
function properties(v) {
  return Array.isArray(v) ? v.filter(isRecord3).map((p) => ({ name: String(p.name), value: String(p.value) })) : [];
}
__name(properties, "properties");
function licenses(v) {
  if (!Array.isArray(v)) return [];
  return v.filter(isRecord3).map((l) => {
    if (typeof l.expression === "string") return { expression: l.expression };
    const lic = isRecord3(l.license) ? l.license : {};
    return { license: typeof lic.id === "string" ? { id: lic.id } : { name: String(lic.name) } };
  });
}
__name(licenses, "licenses");
var COMPONENT_KEYS = /* @__PURE__ */ new Set(["type", "bom-ref", "name", "version", "group", "purl", "licenses", "properties"]);
function component2(c) {
  for (const k of Object.keys(c)) {
    if (!COMPONENT_KEYS.has(k)) throw new SbomError(`CycloneDX protobuf writer has no mapping for component field "${k}"`, { code: "UNSUPPORTED" });
  }
  return {
    type: classification(c.type),
    ...typeof c["bom-ref"] === "string" ? { bom_ref: c["bom-ref"] } : {},
    name: String(c.name),
    version: typeof c.version === "string" ? c.version : "",
    ...typeof c.group === "string" ? { group: c.group } : {},
    ...typeof c.purl === "string" ? { purl: c.purl } : {},
    licenses: licenses(c.licenses),
    properties: properties(c.properties)
  };
}
__name(component2, "component");
function cyclonedxJsonToProto(json) {
  const doc = JSON.parse(Buffer.from(json).toString("utf8"));
  if (!isRecord3(doc) || !isRecord3(doc.metadata)) throw new SbomError("not a CycloneDX JSON document", { code: "BAD_SBOM" });
  const md = doc.metadata;
  const ts = typeof md.timestamp === "string" ? Date.parse(md.timestamp) : 0;
  const tools = isRecord3(md.tools) && Array.isArray(md.tools.components) ? md.tools.components.filter(isRecord3).map(component2) : [];
  const message = {
    spec_version: String(doc.specVersion),
    version: typeof doc.version === "number" ? doc.version : 1,
    serial_number: String(doc.serialNumber),
    metadata: {
      timestamp: { seconds: Math.floor(ts / 1e3), nanos: 0 },
      tools: { components: tools },
      ...isRecord3(md.component) ? { component: component2(md.component) } : {}
    },
    components: Array.isArray(doc.components) ? doc.components.filter(isRecord3).map(component2) : []
  };
  const T = BomType();
  const msg = T.fromObject(message);
  const problem = T.verify(msg);
  if (problem) throw new SbomError(`CycloneDX protobuf message is invalid: ${problem}`, { code: "BAD_SBOM" });
  return T.encode(msg).finish();
}
__name(cyclonedxJsonToProto, "cyclonedxJsonToProto");
function decodeCyclonedxProto(bytes) {
  const T = BomType();
  return T.toObject(T.decode(bytes), { enums: String, longs: Number, defaults: false });
}
__name(decodeCyclonedxProto, "decodeCyclonedxProto");

// packages/sbom/src/writers/spdx-json.ts
import { createHash as createHash3 } from "node:crypto";
function spdxId(prefix, key) {
  return `SPDXRef-${prefix}-${createHash3("sha256").update(key).digest("hex").slice(0, 16)}`;
}
__name(spdxId, "spdxId");
function writeSpdxJson(doc) {
  const imageId = "SPDXRef-Image";
  const refs = /* @__PURE__ */ new Set();
  const packages = [
    {
      SPDXID: imageId,
      name: doc.image.name,
      versionInfo: doc.image.digest,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      licenseConcluded: "NOASSERTION",
      licenseDeclared: "NOASSERTION",
      copyrightText: "NOASSERTION",
      primaryPackagePurpose: "CONTAINER",
      checksums: [{ algorithm: "SHA256", checksumValue: doc.image.digest.replace(/^sha256:/, "") }],
      externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: doc.image.purl }]
    }
  ];
  const relationships = [{ spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: imageId }];
  doc.components.forEach((c, i) => {
    const id = spdxId(c.ecosystem, `${i}
${c.purl ?? c.name}
${c.sourcePath}`);
    for (const m of (c.license ?? "").matchAll(/LicenseRef-[A-Za-z0-9.-]+/g)) refs.add(m[0]);
    packages.push({
      SPDXID: id,
      name: c.name,
      versionInfo: c.version,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      licenseConcluded: "NOASSERTION",
      licenseDeclared: c.license ?? "NOASSERTION",
      copyrightText: "NOASSERTION",
      primaryPackagePurpose: c.type === "operating-system" ? "OPERATING_SYSTEM" : c.type === "application" ? "APPLICATION" : "LIBRARY",
      sourceInfo: `found by ${c.ecosystem} cataloger in layer ${c.layerDigest} at /${c.sourcePath}`,
      ...c.purl ? { externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: c.purl }] } : {},
      annotations: [
        {
          annotationDate: doc.timestamp,
          annotationType: "OTHER",
          annotator: `Tool: ${doc.tool.name}-${doc.tool.version}`,
          comment: propertiesOf(c).map(([k, v]) => `${k}=${v}`).join("\n")
        }
      ]
    });
    relationships.push({ spdxElementId: imageId, relationshipType: "CONTAINS", relatedSpdxElement: id });
  });
  const document = {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: `${doc.image.name}@${doc.image.digest}`,
    documentNamespace: `https://stella-ops.org/spdx/${encodeURIComponent(doc.image.name)}-${doc.uuid("spdx")}`,
    creationInfo: {
      created: doc.timestamp,
      creators: [`Tool: ${doc.tool.name}-${doc.tool.version}`, `Organization: ${doc.tool.vendor}`]
    },
    ...refs.size ? {
      hasExtractedLicensingInfos: [...refs].sort().map((r) => ({
        licenseId: r,
        name: r.slice("LicenseRef-".length),
        extractedText: `Licence named "${r.slice("LicenseRef-".length)}" by the package's own metadata; not on the SPDX License List.`
      }))
    } : {},
    packages,
    relationships
  };
  return Buffer.from(JSON.stringify(document, null, 2) + "\n", "utf8");
}
__name(writeSpdxJson, "writeSpdxJson");

// packages/sbom/src/formats.ts
var SBOM_FORMATS = ["cyclonedx-json", "cyclonedx-proto", "spdx-json"];
var FORMAT_INFO = {
  "cyclonedx-json": { artifactType: "application/vnd.cyclonedx+json", suffix: ".cdx.json" },
  "cyclonedx-proto": { artifactType: "application/vnd.cyclonedx+protobuf", suffix: ".cdx.pb" },
  "spdx-json": { artifactType: "application/spdx+json", suffix: ".spdx.json" }
};
function isSbomFormat(v) {
  return SBOM_FORMATS.includes(v);
}
__name(isSbomFormat, "isSbomFormat");
function parseFormats(values, where) {
  const bad = values.filter((v) => !isSbomFormat(v));
  if (bad.length) {
    throw new SbomError(`${where}: unknown SBOM format${bad.length > 1 ? "s" : ""} ${bad.map((b) => `"${b}"`).join(", ")}`, {
      code: "BAD_OPTION",
      hint: `use any of ${SBOM_FORMATS.join(", ")}`
    });
  }
  return [...new Set(values)].filter(isSbomFormat);
}
__name(parseFormats, "parseFormats");
function render(doc, format) {
  switch (format) {
    case "cyclonedx-json":
      return writeCyclonedxJson(doc);
    case "cyclonedx-proto":
      return cyclonedxJsonToProto(writeCyclonedxJson(doc));
    case "spdx-json":
      return writeSpdxJson(doc);
  }
}
__name(render, "render");

// packages/sbom/src/diff.ts
function identityOf(c) {
  if (!c.purl) return `${c.ecosystem}:${c.name}`;
  const [base = "", query = ""] = c.purl.split("#")[0]?.split("?") ?? [];
  const at = base.lastIndexOf("@");
  const noVersion = at > base.indexOf("/") ? base.slice(0, at) : base;
  const arch = new URLSearchParams(query).get("arch");
  return arch ? `${noVersion}?arch=${arch}` : noVersion;
}
__name(identityOf, "identityOf");
function group(components, withPath2) {
  const m = /* @__PURE__ */ new Map();
  for (const c of components) {
    const key = withPath2 ? `${identityOf(c)} /${c.sourcePath ?? ""}` : identityOf(c);
    const e = m.get(key) ?? { key, name: c.name, ecosystem: c.ecosystem, versions: [] };
    if (!e.versions.includes(c.version)) e.versions.push(c.version);
    m.set(key, e);
  }
  for (const e of m.values()) e.versions.sort();
  return m;
}
__name(group, "group");
function diffComponents(a, b) {
  const withPath2 = [...a, ...b].every((c) => c.sourcePath !== void 0);
  const ga = group(a, withPath2);
  const gb = group(b, withPath2);
  const out = { added: [], removed: [], changed: [] };
  for (const [k, e] of gb) if (!ga.has(k)) out.added.push(e);
  for (const [k, e] of ga) {
    const other = gb.get(k);
    if (!other) out.removed.push(e);
    else if (other.versions.join("\n") !== e.versions.join("\n")) out.changed.push({ key: k, name: e.name, ecosystem: e.ecosystem, from: e.versions, to: other.versions });
  }
  const byKey = /* @__PURE__ */ __name((x, y) => x.key.localeCompare(y.key), "byKey");
  out.added.sort(byKey);
  out.removed.sort(byKey);
  out.changed.sort(byKey);
  return out;
}
__name(diffComponents, "diffComponents");
function isEmptyDiff(d) {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}
__name(isEmptyDiff, "isEmptyDiff");
function formatDiff(d) {
  const lines = [
    ...d.added.map((e) => `+ ${e.key} ${e.versions.join(", ")}`),
    ...d.removed.map((e) => `- ${e.key} ${e.versions.join(", ")}`),
    ...d.changed.map((e) => `~ ${e.key} ${e.from.join(", ")} -> ${e.to.join(", ")}`)
  ];
  return lines.length ? lines.join("\n") : "no differences";
}
__name(formatDiff, "formatDiff");

// packages/sbom/src/read-sbom.ts
var import_packageurl_js2 = __toESM(require_packageurl_js(), 1);
function withPath(props) {
  const p = props["stella:source-path"];
  return p === void 0 ? {} : { sourcePath: p };
}
__name(withPath, "withPath");
function isRecord4(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord4, "isRecord");
function ecosystemOf(purl2, props, fallback) {
  if (props["stella:ecosystem"]) return props["stella:ecosystem"];
  if (purl2) {
    try {
      return import_packageurl_js2.PackageURL.fromString(purl2).type;
    } catch {
      return fallback;
    }
  }
  return fallback;
}
__name(ecosystemOf, "ecosystemOf");
function fromCyclonedx(doc, where) {
  if (!Array.isArray(doc.components)) return [];
  return doc.components.filter(isRecord4).map((c, i) => {
    const props = {};
    if (Array.isArray(c.properties)) for (const p of c.properties.filter(isRecord4)) props[String(p.name)] = String(p.value);
    const purl2 = typeof c.purl === "string" ? c.purl : void 0;
    if (typeof c.name !== "string") throw new SbomError(`${where}: components[${i}] has no name`, { code: "BAD_SBOM" });
    return { ecosystem: ecosystemOf(purl2, props, String(c.type)), name: c.name, version: typeof c.version === "string" ? c.version : "", ...purl2 ? { purl: purl2 } : {}, ...withPath(props) };
  });
}
__name(fromCyclonedx, "fromCyclonedx");
function fromSpdx(doc, where) {
  if (!Array.isArray(doc.packages)) throw new SbomError(`${where}: SPDX document has no packages`, { code: "BAD_SBOM" });
  const out = [];
  for (const p of doc.packages.filter(isRecord4)) {
    if (p.primaryPackagePurpose === "CONTAINER") continue;
    const refs = Array.isArray(p.externalRefs) ? p.externalRefs.filter(isRecord4) : [];
    const purl2 = refs.find((r) => r.referenceType === "purl")?.referenceLocator;
    const purlStr = typeof purl2 === "string" ? purl2 : void 0;
    const props = {};
    for (const a of Array.isArray(p.annotations) ? p.annotations.filter(isRecord4) : []) {
      for (const line of (typeof a.comment === "string" ? a.comment : "").split("\n")) {
        const eq = line.indexOf("=");
        if (eq > 0) props[line.slice(0, eq)] = line.slice(eq + 1);
      }
    }
    out.push({ ecosystem: ecosystemOf(purlStr, props, "unknown"), name: String(p.name), version: typeof p.versionInfo === "string" ? p.versionInfo : "", ...purlStr ? { purl: purlStr } : {}, ...withPath(props) });
  }
  return out;
}
__name(fromSpdx, "fromSpdx");
function readSbomComponents(bytes, where) {
  const text = Buffer.from(bytes).toString("utf8");
  if (/^\s*\{/.test(text)) {
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new SbomError(`${where} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { code: "BAD_SBOM" });
    }
    if (isRecord4(doc) && doc.bomFormat === "CycloneDX") return { format: "cyclonedx-json", components: fromCyclonedx(doc, where) };
    if (isRecord4(doc) && typeof doc.spdxVersion === "string") return { format: "spdx-json", components: fromSpdx(doc, where) };
    throw new SbomError(`${where} is JSON but neither CycloneDX nor SPDX`, { code: "BAD_SBOM", hint: "give a .cdx.json, .cdx.pb or .spdx.json file, or an image" });
  }
  try {
    const doc = decodeCyclonedxProto(bytes);
    if (typeof doc.spec_version !== "string") throw new Error("no spec_version");
    const comps = Array.isArray(doc.components) ? doc.components.filter(isRecord4) : [];
    return {
      format: "cyclonedx-proto",
      components: fromCyclonedx({ components: comps.map((c) => ({ ...c, type: String(c.type).replace(/^CLASSIFICATION_/, "").toLowerCase() })) }, where)
    };
  } catch (e) {
    throw new SbomError(`${where} is not a CycloneDX Protobuf SBOM (${e instanceof Error ? e.message : String(e)})`, { code: "BAD_SBOM" });
  }
}
__name(readSbomComponents, "readSbomComponents");

// packages/sbom/src/verify.ts
var MAX_SBOM_BYTES = 256 * 1024 * 1024;
async function fetchAttachedSbom(store, subject, formats) {
  for (const format of formats) {
    const found = await store.referrers(subject.digest, FORMAT_INFO[format].artifactType);
    const sorted = [...found].sort(
      (a, b) => (b.annotations?.["org.opencontainers.image.created"] ?? "").localeCompare(a.annotations?.["org.opencontainers.image.created"] ?? "") || b.digest.localeCompare(a.digest)
    );
    const referrer = sorted[0];
    if (!referrer) continue;
    const m = await store.getManifest(referrer.digest);
    const parsed = parseManifest(m.bytes, `${store.location}@${referrer.digest}`, referrer.mediaType);
    const layer = parsed.kind === "manifest" ? parsed.manifest.layers[0] : void 0;
    if (!layer || layer.size > MAX_SBOM_BYTES) continue;
    return { format, referrer, bytes: await store.getBlobBytes(layer) };
  }
  return void 0;
}
__name(fetchAttachedSbom, "fetchAttachedSbom");
async function verifyAttached(store, subject, fresh, formats) {
  const out = [];
  for (const format of formats) {
    const found = await fetchAttachedSbom(store, subject, [format]);
    if (!found) {
      out.push({ format, attached: false, ok: false });
      continue;
    }
    const diff = diffComponents(readSbomComponents(found.bytes, `referrer ${found.referrer.digest}`).components, fresh);
    out.push({ format, attached: true, referrer: found.referrer.digest, diff, ok: isEmptyDiff(diff) });
  }
  return out;
}
__name(verifyAttached, "verifyAttached");
function describeVerify(results) {
  return results.map(
    (r) => !r.attached ? `${r.format}: NOT ATTACHED` : r.ok ? `${r.format}: ok (${r.referrer ?? ""})` : `${r.format}: DRIFT (${r.referrer ?? ""})
${formatDiff(r.diff ?? { added: [], removed: [], changed: [] })}`
  ).join("\n");
}
__name(describeVerify, "describeVerify");

// packages/sbom/src/generate.ts
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";

// packages/sbom/src/attach.ts
async function attachSbom(store, subject, sbom) {
  const empty = Buffer.from("{}");
  await store.putBlob({ digest: EMPTY_JSON_DIGEST, size: empty.length }, () => empty);
  const blob = {
    mediaType: sbom.artifactType,
    digest: sha256Digest(sbom.bytes),
    size: sbom.bytes.byteLength,
    annotations: { "org.opencontainers.image.title": sbom.fileName }
  };
  await store.putBlob({ digest: blob.digest, size: blob.size }, () => Buffer.from(sbom.bytes));
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: sbom.artifactType,
    config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: empty.length, data: "e30=" },
    layers: [blob],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: { "org.opencontainers.image.created": sbom.created }
  };
  const referrer = await store.putReferrer(Buffer.from(JSON.stringify(manifest)), MediaType.ociManifest);
  return { referrer, blob };
}
__name(attachSbom, "attachSbom");

// packages/sbom/src/generate.ts
function stellaTool() {
  return { vendor: "Stella Ops", name: "stella-sbom", version: true ? "0.1.0" : "0.0.0-dev" };
}
__name(stellaTool, "stellaTool");
function fileStem(inv, many) {
  const hex = inv.image.digest.replace(/^sha256:/, "").slice(0, 12);
  return many && inv.image.platform ? `sbom-${inv.image.platform.replace(/\//g, "-")}-${hex}` : `sbom-${hex}`;
}
__name(fileStem, "fileStem");
async function baseline(opts, opened, inv) {
  const spec = opts.compareTo ?? "";
  if (spec === "attached") {
    const found = await fetchAttachedSbom(opened.store, inv.image.descriptor, opts.formats);
    if (!found) {
      throw new SbomError(`compare-to "attached": no SBOM is attached to ${opened.display} (${inv.image.digest})`, {
        code: "NOT_ATTACHED",
        hint: "attach one first (attach: true / --attach) or compare with a file"
      });
    }
    return readSbomComponents(found.bytes, `${opened.display} referrer ${found.referrer.digest}`).components;
  }
  if (!/^(oci|docker|oci-archive|docker-archive):/.test(spec)) {
    const path = resolve(opts.cwd ?? process.cwd(), spec);
    const bytes = await readFile(path).catch((e) => {
      throw new SbomError(`compare-to: cannot read ${path}`, { code: "BAD_OPTION", cause: e, hint: "give an SBOM file, an image reference, or `attached`" });
    });
    return readSbomComponents(bytes, path).components;
  }
  const other = await (opts.open ?? openImage)(spec, { ...opts.openOptions, ...opts.cwd ? { cwd: opts.cwd } : {} });
  try {
    const [first] = await scanImage({ store: other.store, reference: other.reference, ...opts.platform && opts.platform !== "all" ? { platform: opts.platform } : {}, ...opts.limits ? { limits: opts.limits } : {} });
    return first?.components ?? [];
  } finally {
    await other.close();
  }
}
__name(baseline, "baseline");
async function generateSboms(opts) {
  const logger = opts.logger ?? silentLogger;
  if (opts.formats.length === 0) throw new SbomError("no SBOM format requested", { code: "BAD_OPTION", hint: "formats: cyclonedx-json, cyclonedx-proto, spdx-json" });
  if (opts.attach && /^(oci-archive|docker-archive):/.test(opts.image)) {
    throw new SbomError(`cannot attach SBOMs to ${opts.image}: archives are read-only here`, { code: "BAD_OPTION", hint: "attach to an oci:DIR layout or a docker:// registry image, or set attach: false" });
  }
  const opened = await (opts.open ?? openImage)(opts.image, { ...opts.openOptions, ...opts.cwd ? { cwd: opts.cwd } : {} });
  const images = [];
  const warnings = [];
  try {
    const inventories = await scanImage({ store: opened.store, reference: opened.reference, ...opts.platform ? { platform: opts.platform } : {}, ...opts.limits ? { limits: opts.limits } : {} });
    for (const inv of inventories) {
      for (const w of inv.warnings) logger.warn(`${w.where}: ${w.message}`);
      warnings.push(...inv.warnings);
      const drift = opts.compareTo ? diffComponents(await baseline(opts, opened, inv), inv.components) : void 0;
      const doc = documentOf(inv, { tool: opts.tool ?? stellaTool(), ...opts.sourceDateEpoch !== void 0 ? { sourceDateEpoch: opts.sourceDateEpoch } : {}, imageName: opened.display.replace(/^[a-z-]+:(\/\/)?/, "").replace(/(:[^/:@]+|@sha256:[a-f0-9]+)$/, "") });
      const sboms = [];
      for (const format of opts.formats) {
        const bytes = render(doc, format);
        const info = FORMAT_INFO[format];
        const sbom = { format, artifactType: info.artifactType, digest: sha256Digest(bytes), size: bytes.byteLength, bytes };
        if (opts.outputDir) {
          sbom.path = join(resolve(opts.cwd ?? process.cwd(), opts.outputDir), `${fileStem(inv, inventories.length > 1)}${info.suffix}`);
          await writeFileAtomic(sbom.path, bytes);
        }
        if (opts.attach) {
          const { referrer } = await attachSbom(opened.store, inv.image.descriptor, { bytes, artifactType: info.artifactType, fileName: `sbom${info.suffix}`, created: doc.timestamp });
          sbom.referrer = referrer;
          logger.info(`attached ${format} SBOM to ${opened.display} as ${referrer.digest}`);
        }
        sboms.push(sbom);
      }
      if (drift && !isEmptyDiff(drift)) logger.warn(`SBOM drift for ${inv.image.digest}:
${formatDiff(drift)}`);
      images.push({ digest: inv.image.digest, ...inv.image.platform ? { platform: inv.image.platform } : {}, inventory: inv, sboms, ...drift ? { drift } : {} });
    }
  } finally {
    await opened.close();
  }
  return { images, warnings };
}
__name(generateSboms, "generateSboms");

// packages/sbom/src/summary.ts
function countComponents(inv) {
  const eco = /* @__PURE__ */ new Map();
  const layer = new Map(inv.layers.map((l) => [l.digest, 0]));
  for (const c of inv.components) {
    eco.set(c.ecosystem, (eco.get(c.ecosystem) ?? 0) + 1);
    layer.set(c.layerDigest, (layer.get(c.layerDigest) ?? 0) + 1);
  }
  return { byEcosystem: [...eco].sort(([a], [b]) => a.localeCompare(b)), byLayer: [...layer], total: inv.components.length };
}
__name(countComponents, "countComponents");

export {
  scanImage,
  SBOM_FORMATS,
  parseFormats,
  diffComponents,
  isEmptyDiff,
  formatDiff,
  readSbomComponents,
  verifyAttached,
  describeVerify,
  generateSboms,
  countComponents
};

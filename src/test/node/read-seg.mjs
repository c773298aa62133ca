// Usage: node read-seg.mjs SEG_FILE SERIES_FOLDER
//
// Loads a DICOM SEG with the Cornerstone3D SEG adapter that OHIF's
// cornerstone-dicom-seg extension uses, against the source images in
// SERIES_FOLDER, and prints one JSON object on stdout:
//   {"segments": {"1": {"label": "...", "pixelsPerSourceInstance": {"<SOPInstanceUID>": n}}},
//    "segmentCount": N, "overlappingSegments": bool, "warnings": [...]}
// Counts come from the adapter's decoded label maps, i.e. where OHIF would draw them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { metaData } from '@cornerstonejs/core';
import { adaptersSEG } from '@cornerstonejs/adapters';

function fail(message, code = 1) {
  process.stderr.write(`read-seg: ${message}\n`);
  process.exit(code);
}

const [segFile, seriesDir] = process.argv.slice(2);
if (!segFile || !seriesDir) fail('usage: node read-seg.mjs SEG_FILE SERIES_FOLDER', 2);

// stdout must carry only the JSON result: libraries log with console.log, so
// send that to stderr, and keep the adapter's warnings (e.g. "Image not present
// in stack, can't import frame") so the caller can assert on them.
const warnings = [];
const toStderr = console.error;
console.log = console.info = console.debug = toStderr;
console.warn = (...args) => { warnings.push(args.map(String).join(' ')); toStderr(...args); };

function readArrayBuffer(path) {
  const buf = readFileSync(path);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

// Source images: naturalized dcmjs datasets (what OHIF keeps as 'instance' metadata).
const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
const instances = new Map(); // imageId -> dataset
for (const name of readdirSync(seriesDir).sort()) {
  if (!statSync(join(seriesDir, name)).isFile()) continue;
  let ds;
  try {
    const dicom = DicomMessage.readFile(readArrayBuffer(join(seriesDir, name)), { untilTag: '7FE00010' });
    ds = DicomMetaDictionary.naturalizeDataset(dicom.dict);
  } catch (e) {
    fail(`cannot parse source instance ${name}: ${e.message}`);
  }
  // WADO-RS style imageId, as OHIF builds for a DICOMweb data source.
  const imageId = `wadors:/local/studies/${ds.StudyInstanceUID}/series/${ds.SeriesInstanceUID}` +
    `/instances/${ds.SOPInstanceUID}/frames/1`;
  instances.set(imageId, ds);
}
if (instances.size === 0) fail(`no DICOM instances in ${seriesDir}`);

const nums = (v) => (Array.isArray(v) ? v : [v]).map(Number);

// The only stub: the metadata lookup that OHIF's MetadataProvider answers in the viewer.
metaData.addProvider((type, imageId) => {
  const ds = instances.get(imageId);
  if (!ds) return undefined;
  const iop = nums(ds.ImageOrientationPatient);
  const spacing = nums(ds.PixelSpacing ?? [1, 1]);
  switch (type) {
    case 'instance':
      return ds;
    case 'generalSeriesModule':
      return { modality: ds.Modality, seriesInstanceUID: ds.SeriesInstanceUID,
        studyInstanceUID: ds.StudyInstanceUID, seriesNumber: ds.SeriesNumber };
    case 'generalImageModule':
      return { sopInstanceUID: ds.SOPInstanceUID, instanceNumber: ds.InstanceNumber };
    case 'imagePlaneModule':
      return { frameOfReferenceUID: ds.FrameOfReferenceUID, rows: ds.Rows, columns: ds.Columns,
        imageOrientationPatient: iop, rowCosines: iop.slice(0, 3), columnCosines: iop.slice(3, 6),
        imagePositionPatient: nums(ds.ImagePositionPatient), pixelSpacing: spacing,
        rowPixelSpacing: spacing[0], columnPixelSpacing: spacing[1], sliceThickness: Number(ds.SliceThickness) };
    case 'imagePixelModule':
      return { samplesPerPixel: ds.SamplesPerPixel, photometricInterpretation: ds.PhotometricInterpretation,
        rows: ds.Rows, columns: ds.Columns, bitsAllocated: ds.BitsAllocated, bitsStored: ds.BitsStored,
        highBit: ds.HighBit, pixelRepresentation: ds.PixelRepresentation };
  }
  return undefined;
}, 10000);

// Stack order as OHIF shows a reconstructable series (ImageSet.sortImagesByPatientPosition): by descending
// distance along the slice normal (row x column).
const [imageId0] = instances.keys();
const iop0 = nums(instances.get(imageId0).ImageOrientationPatient);
const normal = [iop0[1] * iop0[5] - iop0[2] * iop0[4], iop0[2] * iop0[3] - iop0[0] * iop0[5],
  iop0[0] * iop0[4] - iop0[1] * iop0[3]];
const along = (id) => nums(instances.get(id).ImagePositionPatient).reduce((s, v, i) => s + v * normal[i], 0);
const imageIds = [...instances.keys()].sort((a, b) => along(b) - along(a));

// OHIF 3.13 calls createFromDicomSegImageId, which fetches SEG frames through the
// image loader; createFromDICOMSegBuffer runs the same createLabelmapsFromSegImageIds
// placement code, only decoding the frames from the Part 10 buffer instead.
let segBuffer, result;
try {
  segBuffer = readArrayBuffer(segFile);
} catch (e) {
  fail(`cannot read SEG: ${e.message}`);
}
try {
  result = await adaptersSEG.Cornerstone3D.Segmentation.createFromDICOMSegBuffer(
    imageIds, segBuffer, { metadataProvider: metaData, tolerance: 0.001 });
} catch (e) {
  fail(`adapter failed: ${e?.stack ?? e}`);
}

const segments = {};
result.segMetadata.data.forEach((seg, index) => {
  if (index > 0 && seg) segments[index] = { label: seg.SegmentLabel ?? '', pixelsPerSourceInstance: {} };
});
let placed = 0;
// One layer per group of non-overlapping segments; each layer has one image per imageId.
for (const layer of result.labelMapImages ?? []) {
  for (const image of layer) {
    const sop = instances.get(image.referencedImageId)?.SOPInstanceUID ?? image.referencedImageId;
    const pixels = image.voxelManager?.getScalarData?.() ?? image.getPixelData();
    for (const s of pixels) {
      if (s === 0) continue;
      const counts = (segments[s] ??= { label: '', pixelsPerSourceInstance: {} }).pixelsPerSourceInstance;
      counts[sop] = (counts[sop] ?? 0) + 1;
      placed++;
    }
  }
}

// The adapter records frame placement (segmentsOnFrame) before it merges overlapping
// segments into layers; a segment listed there but absent from every layer was lost
// in that merge (cornerstone3D issue #2846), so say so instead of failing silently.
const onFrames = new Set((result.segmentsOnFrame ?? []).flat().filter(Boolean));
for (const s of onFrames) {
  if (!Object.keys(segments[s]?.pixelsPerSourceInstance ?? {}).length) {
    warnings.push(`segment ${s} is placed in segmentsOnFrame but has no pixels in the label maps`);
  }
}

process.stdout.write(JSON.stringify({ segments, segmentCount: Object.keys(segments).length,
  overlappingSegments: Boolean(result.overlappingSegments), warnings }) + '\n');
if (placed === 0) fail('adapter placed no SEG pixels on any source image');

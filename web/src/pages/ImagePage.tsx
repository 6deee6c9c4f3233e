import { useQuery } from '../api';
import { graphql } from '../gql';
import { useLocation } from '../router';
import { SearchHits } from './Corpus';

const ImageQuery = graphql(`
  query ImagePage($id: ID!) {
    image(id: $id) {
      id
      sourceImageId
      url
      thumbnailUrl(size: 512)
      width
      height
      bitDepth
      micronsPerPixel
      labelNames
      license
      split
      benchmark {
        slug
      }
      domain {
        name
      }
      modality {
        name
      }
      submodality {
        name
      }
      stain {
        name
      }
      organism {
        name
      }
      scale {
        name
      }
      task {
        slug
      }
      sourceDataset {
        slug
      }
      provenance {
        file
        row
        revision {
          revision
        }
      }
      questions {
        id
        key
        type
        text
        options
        answerIndex
        predictions {
          chosenOption
          isCorrect
          run {
            id
            model {
              slug
            }
          }
        }
      }
    }
    models {
      slug
      kind
    }
  }
`);

export function ImagePage() {
  const { params } = useLocation();
  const id = params.get('id') ?? '';
  const q = useQuery(ImageQuery, { id }, { skip: !id });
  const img = q.data?.image;
  if (q.error)
    return (
      <p role="alert" className="error">
        {q.error.message}
      </p>
    );
  if (!q.data) return <p>Loading…</p>;
  if (!img) return <p role="alert">No image {id}.</p>;
  const model = q.data.models.find((m) => m.kind === 'CONTRASTIVE')?.slug;
  const meta: [string, string | number | null | undefined][] = [
    ['source image id', img.sourceImageId],
    ['benchmark', `${img.benchmark.slug} @ ${img.provenance.revision.revision.slice(0, 12)}`],
    ['labels', img.labelNames.join(', ')],
    ['domain', img.domain?.name],
    ['modality', `${img.modality?.name ?? '–'} / ${img.submodality?.name ?? '–'}`],
    ['stain', img.stain?.name],
    ['organism', img.organism?.name],
    ['scale', img.scale?.name],
    ['task', img.task?.slug],
    ['source dataset', img.sourceDataset?.slug],
    ['size', `${img.width} × ${img.height}, ${img.bitDepth}-bit`],
    ['µm per pixel', img.micronsPerPixel],
    ['licence', img.license],
    ['split', img.split],
    ['provenance', `${img.provenance.file} row ${img.provenance.row}`],
  ];
  return (
    <div>
      <h1>Image {img.sourceImageId}</h1>
      <div className="image-page">
        <a href={img.url}>
          <img src={img.thumbnailUrl} alt={`image ${img.sourceImageId}: ${img.labelNames.join(', ')}`} width={384} />
        </a>
        <dl data-testid="image-meta">
          {meta.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v ?? '–'}</dd>
            </div>
          ))}
        </dl>
      </div>
      <h2>Questions and every model's prediction</h2>
      <table data-testid="image-questions">
        <thead>
          <tr>
            <th scope="col">question</th>
            <th scope="col">gold</th>
            <th scope="col">predictions</th>
          </tr>
        </thead>
        <tbody>
          {img.questions.map((qq) => (
            <tr key={qq.id}>
              <td>
                <strong>{qq.key}</strong> {qq.text}
              </td>
              <td className="gold">{qq.options[qq.answerIndex]}</td>
              <td>
                {qq.predictions.length === 0
                  ? '–'
                  : qq.predictions.map((p) => (
                      <div key={p.run.id} className={p.isCorrect ? 'right' : 'wrong'}>
                        {p.run.model.slug}: {p.chosenOption ?? '–'} {p.isCorrect ? '✓' : '✗'}
                      </div>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {model && (
        <section aria-label="More like this">
          <h2>More like this</h2>
          <SearchHits imageId={img.id} model={model} filter={null} />
        </section>
      )}
    </div>
  );
}

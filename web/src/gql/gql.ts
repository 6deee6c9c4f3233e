/* eslint-disable */
import * as types from './graphql';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  '\n  query Facets($filter: ImageFilter, $axes: [Axis!]!) {\n    images(filter: $filter, first: 1) {\n      totalCount\n      facets(axes: $axes) {\n        axis\n        values {\n          slug\n          name\n          count\n        }\n      }\n    }\n  }\n': typeof types.FacetsDocument;
  '\n  query CompareSetup {\n    models {\n      slug\n    }\n    resultPresets {\n      preset\n      description\n    }\n  }\n': typeof types.CompareSetupDocument;
  '\n  query Compare($a: String!, $b: String!, $groupBy: [ResultAxis!], $preset: ResultPreset, $seed: Int) {\n    compare(modelA: $a, modelB: $b, groupBy: $groupBy, preset: $preset, seed: $seed, overall: true) {\n      slices {\n        group {\n          axis\n          value\n          label\n        }\n        n\n        accuracyA\n        accuracyB\n        difference {\n          estimate\n          low\n          high\n        }\n        bothCorrect\n        onlyACorrect\n        onlyBCorrect\n        bothWrong\n        pValue\n        adjustedPValue\n        lowSupport\n      }\n    }\n  }\n': typeof types.CompareDocument;
  '\n  query Leaderboard($groupBy: [ResultAxis!], $preset: ResultPreset, $split: ReferenceSplit) {\n    leaderboard(groupBy: $groupBy, preset: $preset) {\n      group {\n        axis\n        value\n        label\n      }\n      entries {\n        rank\n        tieGroup\n        tiedWithLeader\n        model {\n          slug\n        }\n        result {\n          n\n          accuracy\n          interval {\n            low\n            high\n            plusMinus\n          }\n          lowSupport\n        }\n      }\n    }\n    referenceResults(split: $split) {\n      source\n      model\n      split\n      accuracy\n      plusMinus\n      rank\n    }\n  }\n': typeof types.LeaderboardDocument;
  '\n  query ImagesPage($filter: ImageFilter, $after: String) {\n    images(filter: $filter, first: 48, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        sourceImageId\n        thumbnailUrl(size: 128)\n        labelNames\n        modality {\n          name\n        }\n      }\n    }\n  }\n': typeof types.ImagesPageDocument;
  '\n  query SearchByText($text: String!, $model: String!, $filter: ImageFilter) {\n    similarImages(to: { text: $text }, model: $model, filter: $filter, k: 24) {\n      method\n      hits {\n        score\n        image {\n          id\n          sourceImageId\n          thumbnailUrl(size: 128)\n          labelNames\n        }\n      }\n    }\n  }\n': typeof types.SearchByTextDocument;
  '\n  query SearchByImage($imageId: ID!, $model: String!, $filter: ImageFilter) {\n    similarImages(to: { imageId: $imageId }, model: $model, filter: $filter, k: 25, excludeSameSource: false) {\n      method\n      hits {\n        score\n        image {\n          id\n          sourceImageId\n          thumbnailUrl(size: 128)\n          labelNames\n        }\n      }\n    }\n  }\n': typeof types.SearchByImageDocument;
  '\n  query SearchModels {\n    models {\n      slug\n      kind\n    }\n  }\n': typeof types.SearchModelsDocument;
  '\n  query ExplorerSetup {\n    benchmarks {\n      slug\n      name\n      revisions {\n        id\n        revision\n        status\n      }\n    }\n    models {\n      slug\n      name\n      kind\n    }\n    resultPresets {\n      preset\n      description\n      questionTypes\n      groupBy\n    }\n  }\n': typeof types.ExplorerSetupDocument;
  '\n  query ExplorerResults(\n    $models: [String!]\n    $filter: ImageFilter\n    $groupBy: [ResultAxis!]\n    $preset: ResultPreset\n    $interval: IntervalMethod\n    $seed: Int\n    $questionTypes: [QuestionType!]\n    $revisions: [ID!]\n  ) {\n    results(\n      benchmarkRevisions: $revisions\n      models: $models\n      filter: $filter\n      groupBy: $groupBy\n      preset: $preset\n      interval: $interval\n      seed: $seed\n      questionTypes: $questionTypes\n    ) {\n      groupBy\n      questionTypes\n      coverage {\n        model\n        mode\n        done\n        total\n        failed\n        error\n        run {\n          id\n          status\n        }\n      }\n      slices {\n        model {\n          slug\n        }\n        group {\n          axis\n          value\n          label\n        }\n        n\n        correct\n        accuracy\n        interval {\n          low\n          high\n          plusMinus\n          method\n        }\n        macroAccuracy\n        chanceAccuracy\n        lowSupport\n        runIds\n        benchmarkRevisions\n      }\n      reference {\n        source\n        model\n        split\n        accuracy\n        plusMinus\n      }\n    }\n  }\n': typeof types.ExplorerResultsDocument;
  '\n  query CellQuestions($filter: ImageFilter, $type: QuestionType, $models: [String!], $first: Int) {\n    questions(filter: $filter, type: $type, first: $first) {\n      totalCount\n      nodes {\n        id\n        key\n        type\n        template\n        text\n        options\n        answerIndex\n        image {\n          id\n          sourceImageId\n          thumbnailUrl(size: 128)\n          labelNames\n        }\n        predictions(models: $models) {\n          chosenIndex\n          chosenOption\n          isCorrect\n          run {\n            id\n            model {\n              slug\n            }\n          }\n        }\n      }\n    }\n  }\n': typeof types.CellQuestionsDocument;
  '\n  query ImagePage($id: ID!) {\n    image(id: $id) {\n      id\n      sourceImageId\n      url\n      thumbnailUrl(size: 512)\n      width\n      height\n      bitDepth\n      micronsPerPixel\n      labelNames\n      license\n      split\n      benchmark {\n        slug\n      }\n      domain {\n        name\n      }\n      modality {\n        name\n      }\n      submodality {\n        name\n      }\n      stain {\n        name\n      }\n      organism {\n        name\n      }\n      scale {\n        name\n      }\n      task {\n        slug\n      }\n      sourceDataset {\n        slug\n      }\n      provenance {\n        file\n        row\n        revision {\n          revision\n        }\n      }\n      questions {\n        id\n        key\n        type\n        text\n        options\n        answerIndex\n        predictions {\n          chosenOption\n          isCorrect\n          run {\n            id\n            model {\n              slug\n            }\n          }\n        }\n      }\n    }\n    models {\n      slug\n      kind\n    }\n  }\n': typeof types.ImagePageDocument;
  '\n  query RunsPage {\n    models {\n      slug\n      name\n      kind\n      versions {\n        id\n        weightsHash\n        dimensions\n      }\n    }\n    runs {\n      id\n      model {\n        slug\n      }\n      status\n      protocol\n      template\n      done\n      total\n      failed\n      source\n      createdAt\n      finishedAt\n      benchmarkRevision {\n        revision\n      }\n    }\n  }\n': typeof types.RunsPageDocument;
  '\n  mutation Evaluate($model: String!, $template: Int) {\n    evaluate(model: $model, template: $template) {\n      ok\n      mode\n      run {\n        id\n        status\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n': typeof types.EvaluateDocument;
};
const documents: Documents = {
  '\n  query Facets($filter: ImageFilter, $axes: [Axis!]!) {\n    images(filter: $filter, first: 1) {\n      totalCount\n      facets(axes: $axes) {\n        axis\n        values {\n          slug\n          name\n          count\n        }\n      }\n    }\n  }\n':
    types.FacetsDocument,
  '\n  query CompareSetup {\n    models {\n      slug\n    }\n    resultPresets {\n      preset\n      description\n    }\n  }\n':
    types.CompareSetupDocument,
  '\n  query Compare($a: String!, $b: String!, $groupBy: [ResultAxis!], $preset: ResultPreset, $seed: Int) {\n    compare(modelA: $a, modelB: $b, groupBy: $groupBy, preset: $preset, seed: $seed, overall: true) {\n      slices {\n        group {\n          axis\n          value\n          label\n        }\n        n\n        accuracyA\n        accuracyB\n        difference {\n          estimate\n          low\n          high\n        }\n        bothCorrect\n        onlyACorrect\n        onlyBCorrect\n        bothWrong\n        pValue\n        adjustedPValue\n        lowSupport\n      }\n    }\n  }\n':
    types.CompareDocument,
  '\n  query Leaderboard($groupBy: [ResultAxis!], $preset: ResultPreset, $split: ReferenceSplit) {\n    leaderboard(groupBy: $groupBy, preset: $preset) {\n      group {\n        axis\n        value\n        label\n      }\n      entries {\n        rank\n        tieGroup\n        tiedWithLeader\n        model {\n          slug\n        }\n        result {\n          n\n          accuracy\n          interval {\n            low\n            high\n            plusMinus\n          }\n          lowSupport\n        }\n      }\n    }\n    referenceResults(split: $split) {\n      source\n      model\n      split\n      accuracy\n      plusMinus\n      rank\n    }\n  }\n':
    types.LeaderboardDocument,
  '\n  query ImagesPage($filter: ImageFilter, $after: String) {\n    images(filter: $filter, first: 48, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        sourceImageId\n        thumbnailUrl(size: 128)\n        labelNames\n        modality {\n          name\n        }\n      }\n    }\n  }\n':
    types.ImagesPageDocument,
  '\n  query SearchByText($text: String!, $model: String!, $filter: ImageFilter) {\n    similarImages(to: { text: $text }, model: $model, filter: $filter, k: 24) {\n      method\n      hits {\n        score\n        image {\n          id\n          sourceImageId\n          thumbnailUrl(size: 128)\n          labelNames\n        }\n      }\n    }\n  }\n':
    types.SearchByTextDocument,
  '\n  query SearchByImage($imageId: ID!, $model: String!, $filter: ImageFilter) {\n    similarImages(to: { imageId: $imageId }, model: $model, filter: $filter, k: 25, excludeSameSource: false) {\n      method\n      hits {\n        score\n        image {\n          id\n          sourceImageId\n          thumbnailUrl(size: 128)\n          labelNames\n        }\n      }\n    }\n  }\n':
    types.SearchByImageDocument,
  '\n  query SearchModels {\n    models {\n      slug\n      kind\n    }\n  }\n': types.SearchModelsDocument,
  '\n  query ExplorerSetup {\n    benchmarks {\n      slug\n      name\n      revisions {\n        id\n        revision\n        status\n      }\n    }\n    models {\n      slug\n      name\n      kind\n    }\n    resultPresets {\n      preset\n      description\n      questionTypes\n      groupBy\n    }\n  }\n':
    types.ExplorerSetupDocument,
  '\n  query ExplorerResults(\n    $models: [String!]\n    $filter: ImageFilter\n    $groupBy: [ResultAxis!]\n    $preset: ResultPreset\n    $interval: IntervalMethod\n    $seed: Int\n    $questionTypes: [QuestionType!]\n    $revisions: [ID!]\n  ) {\n    results(\n      benchmarkRevisions: $revisions\n      models: $models\n      filter: $filter\n      groupBy: $groupBy\n      preset: $preset\n      interval: $interval\n      seed: $seed\n      questionTypes: $questionTypes\n    ) {\n      groupBy\n      questionTypes\n      coverage {\n        model\n        mode\n        done\n        total\n        failed\n        error\n        run {\n          id\n          status\n        }\n      }\n      slices {\n        model {\n          slug\n        }\n        group {\n          axis\n          value\n          label\n        }\n        n\n        correct\n        accuracy\n        interval {\n          low\n          high\n          plusMinus\n          method\n        }\n        macroAccuracy\n        chanceAccuracy\n        lowSupport\n        runIds\n        benchmarkRevisions\n      }\n      reference {\n        source\n        model\n        split\n        accuracy\n        plusMinus\n      }\n    }\n  }\n':
    types.ExplorerResultsDocument,
  '\n  query CellQuestions($filter: ImageFilter, $type: QuestionType, $models: [String!], $first: Int) {\n    questions(filter: $filter, type: $type, first: $first) {\n      totalCount\n      nodes {\n        id\n        key\n        type\n        template\n        text\n        options\n        answerIndex\n        image {\n          id\n          sourceImageId\n          thumbnailUrl(size: 128)\n          labelNames\n        }\n        predictions(models: $models) {\n          chosenIndex\n          chosenOption\n          isCorrect\n          run {\n            id\n            model {\n              slug\n            }\n          }\n        }\n      }\n    }\n  }\n':
    types.CellQuestionsDocument,
  '\n  query ImagePage($id: ID!) {\n    image(id: $id) {\n      id\n      sourceImageId\n      url\n      thumbnailUrl(size: 512)\n      width\n      height\n      bitDepth\n      micronsPerPixel\n      labelNames\n      license\n      split\n      benchmark {\n        slug\n      }\n      domain {\n        name\n      }\n      modality {\n        name\n      }\n      submodality {\n        name\n      }\n      stain {\n        name\n      }\n      organism {\n        name\n      }\n      scale {\n        name\n      }\n      task {\n        slug\n      }\n      sourceDataset {\n        slug\n      }\n      provenance {\n        file\n        row\n        revision {\n          revision\n        }\n      }\n      questions {\n        id\n        key\n        type\n        text\n        options\n        answerIndex\n        predictions {\n          chosenOption\n          isCorrect\n          run {\n            id\n            model {\n              slug\n            }\n          }\n        }\n      }\n    }\n    models {\n      slug\n      kind\n    }\n  }\n':
    types.ImagePageDocument,
  '\n  query RunsPage {\n    models {\n      slug\n      name\n      kind\n      versions {\n        id\n        weightsHash\n        dimensions\n      }\n    }\n    runs {\n      id\n      model {\n        slug\n      }\n      status\n      protocol\n      template\n      done\n      total\n      failed\n      source\n      createdAt\n      finishedAt\n      benchmarkRevision {\n        revision\n      }\n    }\n  }\n':
    types.RunsPageDocument,
  '\n  mutation Evaluate($model: String!, $template: Int) {\n    evaluate(model: $model, template: $template) {\n      ok\n      mode\n      run {\n        id\n        status\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n':
    types.EvaluateDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Facets($filter: ImageFilter, $axes: [Axis!]!) {\n    images(filter: $filter, first: 1) {\n      totalCount\n      facets(axes: $axes) {\n        axis\n        values {\n          slug\n          name\n          count\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').FacetsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CompareSetup {\n    models {\n      slug\n    }\n    resultPresets {\n      preset\n      description\n    }\n  }\n',
): typeof import('./graphql').CompareSetupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Compare($a: String!, $b: String!, $groupBy: [ResultAxis!], $preset: ResultPreset, $seed: Int) {\n    compare(modelA: $a, modelB: $b, groupBy: $groupBy, preset: $preset, seed: $seed, overall: true) {\n      slices {\n        group {\n          axis\n          value\n          label\n        }\n        n\n        accuracyA\n        accuracyB\n        difference {\n          estimate\n          low\n          high\n        }\n        bothCorrect\n        onlyACorrect\n        onlyBCorrect\n        bothWrong\n        pValue\n        adjustedPValue\n        lowSupport\n      }\n    }\n  }\n',
): typeof import('./graphql').CompareDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Leaderboard($groupBy: [ResultAxis!], $preset: ResultPreset, $split: ReferenceSplit) {\n    leaderboard(groupBy: $groupBy, preset: $preset) {\n      group {\n        axis\n        value\n        label\n      }\n      entries {\n        rank\n        tieGroup\n        tiedWithLeader\n        model {\n          slug\n        }\n        result {\n          n\n          accuracy\n          interval {\n            low\n            high\n            plusMinus\n          }\n          lowSupport\n        }\n      }\n    }\n    referenceResults(split: $split) {\n      source\n      model\n      split\n      accuracy\n      plusMinus\n      rank\n    }\n  }\n',
): typeof import('./graphql').LeaderboardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ImagesPage($filter: ImageFilter, $after: String) {\n    images(filter: $filter, first: 48, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        sourceImageId\n        thumbnailUrl(size: 128)\n        labelNames\n        modality {\n          name\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').ImagesPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SearchByText($text: String!, $model: String!, $filter: ImageFilter) {\n    similarImages(to: { text: $text }, model: $model, filter: $filter, k: 24) {\n      method\n      hits {\n        score\n        image {\n          id\n          sourceImageId\n          thumbnailUrl(size: 128)\n          labelNames\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').SearchByTextDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SearchByImage($imageId: ID!, $model: String!, $filter: ImageFilter) {\n    similarImages(to: { imageId: $imageId }, model: $model, filter: $filter, k: 25, excludeSameSource: false) {\n      method\n      hits {\n        score\n        image {\n          id\n          sourceImageId\n          thumbnailUrl(size: 128)\n          labelNames\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').SearchByImageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SearchModels {\n    models {\n      slug\n      kind\n    }\n  }\n',
): typeof import('./graphql').SearchModelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ExplorerSetup {\n    benchmarks {\n      slug\n      name\n      revisions {\n        id\n        revision\n        status\n      }\n    }\n    models {\n      slug\n      name\n      kind\n    }\n    resultPresets {\n      preset\n      description\n      questionTypes\n      groupBy\n    }\n  }\n',
): typeof import('./graphql').ExplorerSetupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ExplorerResults(\n    $models: [String!]\n    $filter: ImageFilter\n    $groupBy: [ResultAxis!]\n    $preset: ResultPreset\n    $interval: IntervalMethod\n    $seed: Int\n    $questionTypes: [QuestionType!]\n    $revisions: [ID!]\n  ) {\n    results(\n      benchmarkRevisions: $revisions\n      models: $models\n      filter: $filter\n      groupBy: $groupBy\n      preset: $preset\n      interval: $interval\n      seed: $seed\n      questionTypes: $questionTypes\n    ) {\n      groupBy\n      questionTypes\n      coverage {\n        model\n        mode\n        done\n        total\n        failed\n        error\n        run {\n          id\n          status\n        }\n      }\n      slices {\n        model {\n          slug\n        }\n        group {\n          axis\n          value\n          label\n        }\n        n\n        correct\n        accuracy\n        interval {\n          low\n          high\n          plusMinus\n          method\n        }\n        macroAccuracy\n        chanceAccuracy\n        lowSupport\n        runIds\n        benchmarkRevisions\n      }\n      reference {\n        source\n        model\n        split\n        accuracy\n        plusMinus\n      }\n    }\n  }\n',
): typeof import('./graphql').ExplorerResultsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CellQuestions($filter: ImageFilter, $type: QuestionType, $models: [String!], $first: Int) {\n    questions(filter: $filter, type: $type, first: $first) {\n      totalCount\n      nodes {\n        id\n        key\n        type\n        template\n        text\n        options\n        answerIndex\n        image {\n          id\n          sourceImageId\n          thumbnailUrl(size: 128)\n          labelNames\n        }\n        predictions(models: $models) {\n          chosenIndex\n          chosenOption\n          isCorrect\n          run {\n            id\n            model {\n              slug\n            }\n          }\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').CellQuestionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ImagePage($id: ID!) {\n    image(id: $id) {\n      id\n      sourceImageId\n      url\n      thumbnailUrl(size: 512)\n      width\n      height\n      bitDepth\n      micronsPerPixel\n      labelNames\n      license\n      split\n      benchmark {\n        slug\n      }\n      domain {\n        name\n      }\n      modality {\n        name\n      }\n      submodality {\n        name\n      }\n      stain {\n        name\n      }\n      organism {\n        name\n      }\n      scale {\n        name\n      }\n      task {\n        slug\n      }\n      sourceDataset {\n        slug\n      }\n      provenance {\n        file\n        row\n        revision {\n          revision\n        }\n      }\n      questions {\n        id\n        key\n        type\n        text\n        options\n        answerIndex\n        predictions {\n          chosenOption\n          isCorrect\n          run {\n            id\n            model {\n              slug\n            }\n          }\n        }\n      }\n    }\n    models {\n      slug\n      kind\n    }\n  }\n',
): typeof import('./graphql').ImagePageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query RunsPage {\n    models {\n      slug\n      name\n      kind\n      versions {\n        id\n        weightsHash\n        dimensions\n      }\n    }\n    runs {\n      id\n      model {\n        slug\n      }\n      status\n      protocol\n      template\n      done\n      total\n      failed\n      source\n      createdAt\n      finishedAt\n      benchmarkRevision {\n        revision\n      }\n    }\n  }\n',
): typeof import('./graphql').RunsPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation Evaluate($model: String!, $template: Int) {\n    evaluate(model: $model, template: $template) {\n      ok\n      mode\n      run {\n        id\n        status\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n',
): typeof import('./graphql').EvaluateDocument;

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

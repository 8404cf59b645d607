/**
 * Word lists for synthetic papers. Names and topics are invented from these by combination, so
 * a generated graph has the long tails of a real one (many rare authors, keywords and methods)
 * without copying any real paper.
 */

export const FIRST_NAMES = [
  'Ada', 'Alan', 'Alice', 'Amir', 'Ana', 'Andrea', 'Anil', 'Anna', 'Arjun', 'Ben', 'Bo', 'Carla', 'Chen', 'Chloe', 'Daniel', 'Dario',
  'David', 'Elena', 'Emma', 'Eric', 'Fatima', 'Felix', 'Fei', 'Grace', 'Hana', 'Hao', 'Ines', 'Ivan', 'Jakob', 'James', 'Jia', 'Jin',
  'Jonas', 'Julia', 'Kai', 'Karim', 'Kenji', 'Lara', 'Lei', 'Leo', 'Li', 'Lina', 'Lucas', 'Maria', 'Marco', 'Maya', 'Mei', 'Min',
  'Mohamed', 'Nadia', 'Nikhil', 'Nina', 'Noah', 'Olga', 'Omar', 'Pablo', 'Priya', 'Qing', 'Rahul', 'Rosa', 'Ruslan', 'Sara', 'Sebastian', 'Shu',
  'Sofia', 'Tariq', 'Tomas', 'Uma', 'Vera', 'Victor', 'Wei', 'Xin', 'Yan', 'Yara', 'Yi', 'Yuki', 'Yusuf', 'Zara', 'Zhen', 'Zoe',
];

export const LAST_NAMES = [
  'Abbasi', 'Adams', 'Ahmed', 'Alvarez', 'Bauer', 'Becker', 'Bianchi', 'Brown', 'Castro', 'Chen', 'Cohen', 'Costa', 'Das', 'Dubois', 'Duarte', 'Eriksson',
  'Fischer', 'Fontaine', 'Garcia', 'Gupta', 'Haddad', 'Hansen', 'Hoffmann', 'Huang', 'Ibrahim', 'Ito', 'Jansen', 'Jiang', 'Kato', 'Khan', 'Kim', 'Kowalski',
  'Kumar', 'Larsen', 'Lee', 'Li', 'Lin', 'Liu', 'Lopez', 'Martin', 'Meyer', 'Moreau', 'Morales', 'Murphy', 'Nakamura', 'Nguyen', 'Novak', 'Okafor',
  'Olsen', 'Patel', 'Peng', 'Petrov', 'Qian', 'Rao', 'Reyes', 'Rossi', 'Sato', 'Schmidt', 'Shah', 'Silva', 'Singh', 'Smith', 'Sun', 'Suzuki',
  'Tanaka', 'Taylor', 'Torres', 'Tran', 'Wagner', 'Wang', 'Weber', 'Wu', 'Xu', 'Yamamoto', 'Yang', 'Yilmaz', 'Zhang', 'Zhao', 'Zhou', 'Zhu',
];

/** Words of synthetic keywords ("sparse graph alignment"): adjectives, then nouns, then heads. */
export const KEYWORD_ADJECTIVES = [
  'adaptive', 'asynchronous', 'causal', 'compositional', 'continuous', 'cross-lingual', 'decentralized', 'differentiable', 'dynamic', 'efficient',
  'equivariant', 'hierarchical', 'implicit', 'incremental', 'interactive', 'latent', 'modular', 'multi-scale', 'neural', 'nonparametric',
  'open-world', 'probabilistic', 'relational', 'robust', 'scalable', 'semantic', 'sparse', 'spatio-temporal', 'structured', 'temporal',
];
export const KEYWORD_NOUNS = [
  'action', 'audio', 'code', 'contact', 'graph', 'image', 'language', 'map', 'molecule', 'motion', 'object', 'policy', 'program', 'protein',
  'query', 'reward', 'scene', 'sensor', 'shape', 'signal', 'skill', 'speech', 'table', 'text', 'trajectory', 'video', 'weather', 'web',
];
export const KEYWORD_HEADS = [
  'alignment', 'analysis', 'completion', 'compression', 'detection', 'discovery', 'editing', 'estimation', 'forecasting', 'generation',
  'grounding', 'matching', 'modeling', 'parsing', 'planning', 'prediction', 'reasoning', 'recognition', 'retrieval', 'segmentation',
  'simulation', 'synthesis', 'tracking', 'translation', 'understanding', 'verification',
];

/** Syllables of invented method names ("Kronos", "DeepZeta"). */
export const NAME_PARTS = [
  'Ada', 'Aero', 'Astra', 'Byte', 'Cor', 'Delta', 'Echo', 'Flux', 'Gal', 'Helix', 'Ion', 'Kron', 'Lumi', 'Meta', 'Nova', 'Omni',
  'Pico', 'Quant', 'Rho', 'Sigma', 'Tera', 'Ultra', 'Vec', 'Zeta', 'Deep', 'Fast', 'Hyper', 'Neuro', 'Poly', 'Sparse',
];
export const NAME_ENDINGS = ['', 'Net', 'Former', 'Opt', 'GAN', 'Flow', 'Diff', 'RL', 'Nav', 'Grad', 'Prompt', 'Mix', 'Fusion', 'Lens', 'Bench'];
/** Words that spell out an invented method's full name. */
export const FULL_NAME_WORDS = [
  'Adaptive', 'Bayesian', 'Contrastive', 'Curvature', 'Differentiable', 'Efficient', 'Gradient', 'Hierarchical', 'Implicit', 'Kernel', 'Latent',
  'Memory', 'Neural', 'Optimal', 'Probabilistic', 'Recurrent', 'Scalable', 'Sparse', 'Structured', 'Variational', 'Attention', 'Policy',
];
export const FULL_NAME_HEADS = ['Network', 'Optimizer', 'Transformer', 'Estimator', 'Search', 'Sampler', 'Encoder', 'Planner', 'Model', 'Distillation'];

/** Methods Papers with Code lists again and again; several are curated concepts, the rest become Method nodes. */
export const COMMON_METHODS: readonly { name: string; fullName: string }[] = [
  { name: 'Adam', fullName: 'Adam' },
  { name: 'Dropout', fullName: 'Dropout' },
  { name: 'ReLU', fullName: 'Rectified Linear Units' },
  { name: 'Batch Normalization', fullName: 'Batch Normalization' },
  { name: 'Convolution', fullName: 'Convolution' },
  { name: 'Residual Connection', fullName: 'Residual Connection' },
  { name: 'Softmax', fullName: 'Softmax' },
  { name: 'Layer Normalization', fullName: 'Layer Normalization' },
  { name: 'Multi-Head Attention', fullName: 'Multi-Head Attention' },
  { name: 'Label Smoothing', fullName: 'Label Smoothing' },
  { name: 'Weight Decay', fullName: 'Weight Decay' },
  { name: 'SGD with Momentum', fullName: 'SGD with Momentum' },
  { name: 'Max Pooling', fullName: 'Max Pooling' },
  { name: 'GELU', fullName: 'Gaussian Error Linear Units' },
  { name: 'Cosine Annealing', fullName: 'Cosine Annealing' },
  { name: 'Linear Warmup', fullName: 'Linear Warmup With Linear Decay' },
];

export const TITLE_ADJECTIVES = ['Efficient', 'Scalable', 'Robust', 'Provable', 'Adaptive', 'Sparse', 'Faster', 'Simple', 'Principled', 'Data-Efficient', 'Stable', 'Unified'];
export const VENUES = ['NeurIPS', 'ICML', 'ICLR', 'CVPR', 'ACL', 'EMNLP', 'AAAI', 'CoRL', 'COLT', 'AISTATS', 'UAI', 'KDD'];
export const LABS = ['ml-lab', 'ai-research', 'deep-group', 'learning-systems', 'vision-lab', 'nlp-group', 'robotics-lab', 'theory-group', 'opt-lab', 'data-lab'];

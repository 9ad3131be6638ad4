window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1800000000000000006",
            "1800000000000000007"
          ],
          "editableUntil" : "2023-03-06T11:00:00.000Z",
          "editsRemaining" : "4",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "42"
      ],
      "favorite_count" : "2",
      "id_str" : "1800000000000000007",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1800000000000000007",
      "created_at" : "Mon Mar 06 10:05:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Genbrugspladsen har åbent til kl. 18 i dag",
      "lang" : "da"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1800000000000000006",
            "1800000000000000007"
          ],
          "editableUntil" : "2023-03-06T11:00:00.000Z",
          "editsRemaining" : "4",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "41"
      ],
      "favorite_count" : "2",
      "id_str" : "1800000000000000006",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1800000000000000006",
      "created_at" : "Mon Mar 06 10:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Genbrugspladsen har åben til kl. 18 i dag",
      "lang" : "da"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1800000000000000005"
          ],
          "editableUntil" : "2023-01-01T00:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [],
        "media" : [
          {
            "expanded_url" : "https://twitter.com/Kommune_Test/status/1800000000000000005/video/1",
            "indices" : [
              "20",
              "43"
            ],
            "url" : "https://t.co/ViDeO00005",
            "media_url" : "http://pbs.twimg.com/ext_tw_video_thumb/5/pu/img/Byraad.jpg",
            "id_str" : "1800000000000000105",
            "id" : "1800000000000000105",
            "media_url_https" : "https://pbs.twimg.com/ext_tw_video_thumb/5/pu/img/Byraad.jpg",
            "sizes" : {
              "large" : {
                "w" : "1280",
                "h" : "720",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              }
            },
            "type" : "video",
            "display_url" : "pic.twitter.com/ViDeO00005",
            "video_info" : {
              "aspect_ratio" : [
                "16",
                "9"
              ],
              "duration_millis" : "60000",
              "variants" : [
                {
                  "content_type" : "application/x-mpegURL",
                  "url" : "https://video.twimg.com/byraad/pl.m3u8"
                },
                {
                  "bitrate" : "832000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/byraad/640x360.mp4"
                },
                {
                  "bitrate" : "2176000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/byraad/1280x720.mp4"
                },
                {
                  "bitrate" : "256000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/byraad/480x270.mp4"
                }
              ]
            }
          }
        ]
      },
      "display_text_range" : [
        "0",
        "43"
      ],
      "favorite_count" : "2",
      "id_str" : "1800000000000000005",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1800000000000000005",
      "created_at" : "Sun Mar 05 19:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Se byrådsmødet igen https://t.co/ViDeO00005",
      "lang" : "da",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://twitter.com/Kommune_Test/status/1800000000000000005/video/1",
            "indices" : [
              "20",
              "43"
            ],
            "url" : "https://t.co/ViDeO00005",
            "media_url" : "http://pbs.twimg.com/ext_tw_video_thumb/5/pu/img/Byraad.jpg",
            "id_str" : "1800000000000000105",
            "id" : "1800000000000000105",
            "media_url_https" : "https://pbs.twimg.com/ext_tw_video_thumb/5/pu/img/Byraad.jpg",
            "sizes" : {
              "large" : {
                "w" : "1280",
                "h" : "720",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              }
            },
            "type" : "video",
            "display_url" : "pic.twitter.com/ViDeO00005",
            "video_info" : {
              "aspect_ratio" : [
                "16",
                "9"
              ],
              "duration_millis" : "60000",
              "variants" : [
                {
                  "content_type" : "application/x-mpegURL",
                  "url" : "https://video.twimg.com/byraad/pl.m3u8"
                },
                {
                  "bitrate" : "832000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/byraad/640x360.mp4"
                },
                {
                  "bitrate" : "2176000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/byraad/1280x720.mp4"
                },
                {
                  "bitrate" : "256000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/byraad/480x270.mp4"
                }
              ]
            }
          }
        ]
      },
      "possibly_sensitive" : false
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1800000000000000004"
          ],
          "editableUntil" : "2023-01-01T00:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "trafik",
            "indices" : [
              "49",
              "56"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Region Test",
            "screen_name" : "region_test",
            "indices" : [
              "3",
              "15"
            ],
            "id_str" : "1000000000000000002",
            "id" : "1000000000000000002"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/HoRiNg0004",
            "expanded_url" : "https://region.example/hoering",
            "display_url" : "region.example/hoering",
            "indices" : [
              "57",
              "80"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "80"
      ],
      "favorite_count" : "2",
      "id_str" : "1800000000000000004",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1800000000000000004",
      "created_at" : "Sat Mar 04 12:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "RT @region_test: Husk høringen &amp; borgermødet #trafik https://t.co/HoRiNg0004",
      "lang" : "da"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1800000000000000003"
          ],
          "editableUntil" : "2023-01-01T00:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Region Test",
            "screen_name" : "region_test",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1000000000000000002",
            "id" : "1000000000000000002"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "34"
      ],
      "favorite_count" : "2",
      "id_str" : "1800000000000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1800000000000000003",
      "created_at" : "Fri Mar 03 12:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "@region_test Tak, vi ses på mødet!",
      "lang" : "da",
      "in_reply_to_status_id_str" : "1700000000000000003",
      "in_reply_to_status_id" : "1700000000000000003",
      "in_reply_to_screen_name" : "region_test",
      "in_reply_to_user_id_str" : "1000000000000000002"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1800000000000000002"
          ],
          "editableUntil" : "2023-01-01T00:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [],
        "media" : [
          {
            "expanded_url" : "https://twitter.com/Kommune_Test/status/1800000000000000002/photo/1",
            "indices" : [
              "28",
              "51"
            ],
            "url" : "https://t.co/LeGePlads1",
            "media_url" : "http://pbs.twimg.com/media/Legeplads1.jpg",
            "id_str" : "1800000000000000102",
            "id" : "1800000000000000102",
            "media_url_https" : "https://pbs.twimg.com/media/Legeplads1.jpg",
            "sizes" : {
              "large" : {
                "w" : "1600",
                "h" : "1200",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              }
            },
            "type" : "photo",
            "display_url" : "pic.twitter.com/LeGePlads1",
            "ext_alt_text" : "Børn på den nye legeplads"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "51"
      ],
      "favorite_count" : "2",
      "id_str" : "1800000000000000002",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1800000000000000002",
      "created_at" : "Thu Mar 02 12:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Den nye legeplads er klar 🛝 https://t.co/LeGePlads1",
      "lang" : "da",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://twitter.com/Kommune_Test/status/1800000000000000002/photo/1",
            "indices" : [
              "28",
              "51"
            ],
            "url" : "https://t.co/LeGePlads1",
            "media_url" : "http://pbs.twimg.com/media/Legeplads1.jpg",
            "id_str" : "1800000000000000102",
            "id" : "1800000000000000102",
            "media_url_https" : "https://pbs.twimg.com/media/Legeplads1.jpg",
            "sizes" : {
              "large" : {
                "w" : "1600",
                "h" : "1200",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              }
            },
            "type" : "photo",
            "display_url" : "pic.twitter.com/LeGePlads1",
            "ext_alt_text" : "Børn på den nye legeplads"
          },
          {
            "expanded_url" : "https://twitter.com/Kommune_Test/status/1800000000000000002/photo/1",
            "indices" : [
              "28",
              "51"
            ],
            "url" : "https://t.co/LeGePlads1",
            "media_url" : "http://pbs.twimg.com/media/Legeplads2.jpg",
            "id_str" : "1800000000000000103",
            "id" : "1800000000000000103",
            "media_url_https" : "https://pbs.twimg.com/media/Legeplads2.jpg",
            "sizes" : {
              "large" : {
                "w" : "1200",
                "h" : "1600",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              }
            },
            "type" : "photo",
            "display_url" : "pic.twitter.com/LeGePlads1"
          }
        ]
      }
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1800000000000000001"
          ],
          "editableUntil" : "2023-01-01T00:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "Borgerdag2023",
            "indices" : [
              "49",
              "63"
            ]
          }
        ],
        "symbols" : [
          {
            "text" : "KOMM",
            "indices" : [
              "64",
              "69"
            ]
          }
        ],
        "user_mentions" : [
          {
            "name" : "Region Test",
            "screen_name" : "region_test",
            "indices" : [
              "33",
              "45"
            ],
            "id_str" : "1000000000000000002",
            "id" : "1000000000000000002"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/BoRgEr0001",
            "expanded_url" : "https://kommune.example/borgerdag",
            "display_url" : "kommune.example/borgerdag",
            "indices" : [
              "70",
              "93"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "93"
      ],
      "favorite_count" : "2",
      "id_str" : "1800000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1800000000000000001",
      "created_at" : "Wed Mar 01 07:30:15 +0000 2023",
      "favorited" : false,
      "full_text" : "Godmorgen 🇩🇰 &amp; velkommen til @region_test på #Borgerdag2023 $KOMM https://t.co/BoRgEr0001",
      "lang" : "da"
    }
  }
]